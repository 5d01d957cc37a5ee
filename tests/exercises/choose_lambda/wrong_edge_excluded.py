# hint: a mean exactly at the edge of what the seeds cannot tell apart is not beyond it: it counts as close.
def choose_lambda(results):
    acc = {lam: r["val_acc"] for lam, r in results.items()}
    means = {lam: sum(v) / len(v) for lam, v in acc.items()}
    best = max(means, key=means.get)
    spread = max(acc[best]) - min(acc[best])
    return max(lam for lam in acc if means[best] - means[lam] < spread)
