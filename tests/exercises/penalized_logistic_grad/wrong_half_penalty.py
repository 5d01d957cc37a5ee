# expect: the penalty term is too small
def penalized_logistic_grad(w, b, X, y, lam):
    n = X.shape[0]
    residual = torch.sigmoid(X @ w + b) - y
    return X.T @ residual / n + lam / (2 * n) * w, residual.mean()
