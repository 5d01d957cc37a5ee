# hint: among the λ the seeds cannot tell from the best, the exercise wants the simpler model: which end of the close λ is that?
def choose_lambda(results):
    acc = {lam: r["val_acc"] for lam, r in results.items()}
    means = {lam: sum(v) / len(v) for lam, v in acc.items()}
    best = max(means, key=means.get)
    spread = max(acc[best]) - min(acc[best])
    return min(lam for lam in acc if means[best] - means[lam] <= spread)
