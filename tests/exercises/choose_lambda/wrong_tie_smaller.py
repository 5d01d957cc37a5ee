# expect: tie in mean val_acc, return the larger
def choose_lambda(results):
    return max(sorted(results), key=lambda lam: sum(results[lam]["val_acc"]) / 3)
