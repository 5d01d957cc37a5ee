# hint: the data part: would your gradient change if every example appeared twice? Should it?
def penalized_logistic_grad(w, b, X, y, lam):
    n = X.shape[0]
    residual = torch.sigmoid(X @ w + b) - y
    return X.T @ residual + lam / n * w, residual.sum()
