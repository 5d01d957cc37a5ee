# expect: an erratic λ hides behind its own wide spread
def choose_lambda(results):
    def mean(values):
        return sum(values) / len(values)

    def spread(values):
        return max(values) - min(values)

    acc = {lam: r["val_acc"] for lam, r in results.items()}
    best = max(acc, key=lambda lam: mean(acc[lam]))
    close = [
        lam
        for lam in acc
        if abs(mean(acc[best]) - mean(acc[lam])) <= max(spread(acc[best]), spread(acc[lam]))
    ]
    return max(close)
