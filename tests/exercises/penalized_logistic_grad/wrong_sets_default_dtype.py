# expect: changed torch's default dtype
def penalized_logistic_grad(w, b, X, y, lam):
    torch.set_default_dtype(torch.float64)  # "for precision": it would stay for every later cell
    n = X.shape[0]
    residual = torch.sigmoid(X @ w + b) - y
    return X.T @ residual / n + lam / n * w, residual.mean()
