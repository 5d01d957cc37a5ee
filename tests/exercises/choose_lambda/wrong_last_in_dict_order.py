# hint: the keys of results need not be in sorted order: return the largest close λ by value.
def choose_lambda(results):
    acc = {lam: r["val_acc"] for lam, r in results.items()}
    means = {lam: sum(v) / len(v) for lam, v in acc.items()}
    best = max(means, key=means.get)
    spread = max(acc[best]) - min(acc[best])
    chosen = best
    for lam in acc:
        if means[best] - means[lam] <= spread:
            chosen = lam  # the last close one: the largest if λ were sorted
    return chosen
