# expect: uses autograd
def penalized_logistic_grad(w, b, X, y, lam):
    w = w.clone().requires_grad_(True)
    b = b.clone().requires_grad_(True)
    n = X.shape[0]
    cost = F.binary_cross_entropy_with_logits(X @ w + b, y) + lam / (2 * n) * (w**2).sum()
    cost.backward()
    return w.grad, b.grad
