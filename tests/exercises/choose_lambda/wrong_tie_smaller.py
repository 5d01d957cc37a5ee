# expect: tie in val_acc, return the larger
def choose_lambda(results):
    return max(sorted(results), key=lambda lam: results[lam]["val_acc"])
