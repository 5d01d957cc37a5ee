# expect: global random state
def penalized_logistic_grad(w, b, X, y, lam):
    torch.manual_seed(0)  # "to be reproducible"
    n = X.shape[0]
    residual = torch.sigmoid(X @ w + b) - y
    return X.T @ residual / n + lam / n * w, residual.mean()
