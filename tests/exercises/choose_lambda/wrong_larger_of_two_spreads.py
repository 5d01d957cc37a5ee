# hint: an erratic λ hides behind its own wide spread: its poor mean looks close because its seeds disagree. Whose seeds should measure how far a λ may fall below the best?
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
