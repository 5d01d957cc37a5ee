# expect: uses autograd
def penalized_logistic_grad(w, b, X, y, lam):
    with torch.enable_grad():
        w = w.clone().requires_grad_(True)
        b = b.clone().requires_grad_(True)
        z = X @ w + b
        cost = F.binary_cross_entropy_with_logits(z, y) + lam / (2 * len(X)) * (w**2).sum()
        cost.backward()
    return w.grad, b.grad
