# expect: pass
def beyond_spread(a, b):
    if min(len(a), len(b)) < 3:
        raise ValueError("too few seeds")
    a, b = torch.tensor(a, dtype=torch.float64), torch.tensor(b, dtype=torch.float64)
    spread = torch.maximum(a.max() - a.min(), b.max() - b.min())
    return bool((a.mean() - b.mean()).abs() > spread)
