# hint: an erratic λ hides behind its own wide spread: its poor mean looks close because its seeds disagree. Whose seeds should measure how far a λ may fall below the best?
def choose_lambda(results):
    acc = {lam: r["val_acc"] for lam, r in results.items()}
    means = {lam: sum(v) / len(v) for lam, v in acc.items()}
    best = max(means, key=means.get)
    return max(lam for lam in acc if means[best] - means[lam] <= max(acc[lam]) - min(acc[lam]))
