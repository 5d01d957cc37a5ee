# hint: J has two terms, and grad_w has a part from each: which one did you leave out?
def penalized_logistic_grad(w, b, X, y, lam):
    n = X.shape[0]
    residual = torch.sigmoid(X @ w + b) - y
    return X.T @ residual / n, residual.mean()
