# expect: the penalty term is not divided by n
def penalized_logistic_grad(w, b, X, y, lam):
    n = len(X)
    residual = torch.sigmoid(X @ w + b) - y
    return X.T @ residual / n + lam * w, residual.mean()
