# expect: changed its argument results
def choose_lambda(results):
    for entry in results.values():
        entry.pop("test_acc")  # "so that I cannot look at it by mistake"
    acc = {lam: r["val_acc"] for lam, r in results.items()}
    means = {lam: sum(v) / len(v) for lam, v in acc.items()}
    best = max(means, key=means.get)
    spread = max(acc[best]) - min(acc[best])
    return max(lam for lam in acc if means[best] - means[lam] <= spread)
