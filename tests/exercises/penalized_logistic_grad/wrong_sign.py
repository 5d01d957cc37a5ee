# expect: wrong sign
def penalized_logistic_grad(w, b, X, y, lam):
    n = X.shape[0]
    residual = y - torch.sigmoid(X @ w + b)
    return X.T @ residual / n + lam / n * w, residual.mean()
