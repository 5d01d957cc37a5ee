# expect: default dtype
def penalized_logistic_cost(w, b, X, y, lam):
    torch.set_default_dtype(X.dtype)
    n = X.shape[0]
    z = X @ w + b
    bce = -(y * F.logsigmoid(z) + (1 - y) * F.logsigmoid(-z)).mean()
    return bce + lam / (2 * n) * (w**2).sum()
