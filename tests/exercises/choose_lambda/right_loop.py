# expect: pass
def choose_lambda(results):
    best = None
    for lam in sorted(results):
        if best is None or results[lam]["val_acc"] >= results[best]["val_acc"]:
            best = lam
    return best
