# expect: read 'test_acc'
def choose_lambda(results):
    return max(results, key=lambda lam: sum(results[lam]["test_acc"]))
