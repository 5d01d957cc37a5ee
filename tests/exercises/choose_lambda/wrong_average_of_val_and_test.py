# expect: read 'test_acc'
def choose_lambda(results):
    return max(results, key=lambda lam: results[lam]["val_acc"] + results[lam].get("test_acc", 0))
