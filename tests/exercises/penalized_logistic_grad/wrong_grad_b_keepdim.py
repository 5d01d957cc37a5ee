# expect: grad_b must be a tensor of shape ()
def penalized_logistic_grad(w, b, X, y, lam):
    n = X.shape[0]
    residual = torch.sigmoid(X @ w + b) - y
    return X.T @ residual / n + lam / n * w, residual.mean(0, keepdim=True)
