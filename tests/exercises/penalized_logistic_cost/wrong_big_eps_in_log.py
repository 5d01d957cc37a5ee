# expect: eps or a clamp inside a log
def penalized_logistic_cost(w, b, X, y, lam):
    p = torch.sigmoid(X @ w + b)
    eps = 1e-5  # large enough to change the cost where p is close to 0 or 1
    bce = -(y * torch.log(p + eps) + (1 - y) * torch.log(1 - p + eps)).mean()
    return bce + lam / (2 * len(X)) * (w**2).sum()
