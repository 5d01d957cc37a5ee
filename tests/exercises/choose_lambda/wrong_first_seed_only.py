# hint: it looks at one seed only: results[lam]['val_acc'] holds one accuracy per seed; decide on all of them.
def choose_lambda(results):
    first = {lam: r["val_acc"][0] for lam, r in results.items()}
    return max(first, key=lambda lam: (first[lam], lam))
