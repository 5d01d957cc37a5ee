# expect: uses autograd
def penalized_logistic_grad(w, b, X, y, lam):
    def cost(w, b):
        z = X @ w + b
        return F.binary_cross_entropy_with_logits(z, y) + lam / (2 * len(X)) * (w**2).sum()

    return torch.func.grad(cost, argnums=(0, 1))(w, b)
