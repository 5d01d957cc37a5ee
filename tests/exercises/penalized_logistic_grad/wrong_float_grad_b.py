# expect: grad_b must be a tensor of shape ()
def penalized_logistic_grad(w, b, X, y, lam):
    n = X.shape[0]
    grad_w, grad_b = torch.zeros_like(w), 0.0
    for x_i, y_i in zip(X, y, strict=True):
        r = 1 / (1 + torch.exp(-(x_i @ w + b))) - y_i
        grad_w = grad_w + r * x_i / n
        grad_b = grad_b + r.item() / n
    return grad_w + (lam / n) * w, grad_b
