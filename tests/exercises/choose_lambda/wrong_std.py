# hint: the seeds' spread in this bundle is not a standard deviation: reread how notebook 2 defines it.
def choose_lambda(results):
    import statistics

    acc = {lam: r["val_acc"] for lam, r in results.items()}
    means = {lam: statistics.mean(v) for lam, v in acc.items()}
    best = max(means, key=means.get)
    return max(lam for lam in acc if means[best] - means[lam] <= statistics.stdev(acc[best]))
