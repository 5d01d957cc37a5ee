# hint: grad_b: which of J's two terms depend on b at all?
def penalized_logistic_grad(w, b, X, y, lam):
    n = X.shape[0]
    residual = torch.sigmoid(X @ w + b) - y
    return X.T @ residual / n + lam / n * w, residual.mean() + lam / n * b
