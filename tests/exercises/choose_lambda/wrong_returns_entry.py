# expect: must return one of the λ values
def choose_lambda(results):
    lam = max(results, key=lambda lam: (sum(results[lam]["val_acc"]), lam))
    return results[lam]
