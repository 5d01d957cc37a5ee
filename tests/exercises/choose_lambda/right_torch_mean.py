# expect: pass
def choose_lambda(results):
    means = {
        lam: torch.tensor(r["val_acc"], dtype=torch.float64).mean().item()
        for lam, r in results.items()
    }
    best = max(means.values())
    return max(lam for lam, m in means.items() if m == best)
