# hint: the penalty's part of grad_w: differentiate λ/(2n)·Σⱼ wⱼ² again, with respect to one weight wⱼ.
def penalized_logistic_grad(w, b, X, y, lam):
    n = X.shape[0]
    residual = torch.sigmoid(X @ w + b) - y
    return X.T @ residual / n + lam / (2 * n) * w, residual.mean()
