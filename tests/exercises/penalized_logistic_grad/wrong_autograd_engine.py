# expect: uses autograd
from torch.autograd import Variable


def penalized_logistic_grad(w, b, X, y, lam):
    # autograd's C engine called directly, not through torch.autograd.grad
    w, b = w.clone().requires_grad_(True), b.clone().requires_grad_(True)
    with torch.enable_grad():
        cost = F.binary_cross_entropy_with_logits(X @ w + b, y) + lam / (2 * len(X)) * (w**2).sum()
        return Variable._execution_engine.run_backward(
            (cost,), (torch.ones_like(cost),), False, False, (w, b), False
        )
