# expect: pass
def choose_lambda(results):
    means = {lam: sum(r["val_acc"]) / len(r["val_acc"]) for lam, r in results.items()}
    best = max(means, key=means.get)
    floor = means[best] - (max(results[best]["val_acc"]) - min(results[best]["val_acc"]))
    for lam in sorted(results, reverse=True):  # the strongest penalty first
        if means[lam] >= floor:
            return lam
