# expect: pass
def choose_lambda(results):
    return max(results, key=lambda lam: (results[lam]["val_acc"], lam))
