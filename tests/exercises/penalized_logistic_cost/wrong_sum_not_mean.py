# expect: summed over the examples
def penalized_logistic_cost(w, b, X, y, lam):
    n = X.shape[0]
    p = torch.sigmoid(X @ w + b)
    bce = -(y * torch.log(p) + (1 - y) * torch.log(1 - p)).sum()
    return bce + lam / (2 * n) * (w**2).sum()
