# expect: pass
def choose_lambda(results):
    best, best_mean = None, None
    for lam in sorted(results):
        accs = results[lam]["val_acc"]
        mean = sum(accs) / len(accs)
        if best is None or mean >= best_mean:
            best, best_mean = lam, mean
    return best
