# expect: it returns the λ of the best mean
def choose_lambda(results):
    return max(results, key=lambda lam: sum(results[lam]["val_acc"]) / len(results[lam]["val_acc"]))
