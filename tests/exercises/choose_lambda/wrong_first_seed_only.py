# expect: one seed only
def choose_lambda(results):
    first = {lam: r["val_acc"][0] for lam, r in results.items()}
    return max(first, key=lambda lam: (first[lam], lam))
