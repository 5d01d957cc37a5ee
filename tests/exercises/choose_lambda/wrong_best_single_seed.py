# expect: best single seed
def choose_lambda(results):
    return max(results, key=lambda lam: (max(results[lam]["val_acc"]), lam))
