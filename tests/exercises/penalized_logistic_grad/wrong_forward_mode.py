# expect: uses autograd
import torch.autograd.forward_ad as fwAD


def penalized_logistic_grad(w, b, X, y, lam):
    # forward-mode autodiff: one dual number per parameter
    theta, n = torch.cat([w, b.reshape(1)]), X.shape[0]
    grad = torch.zeros_like(theta)
    with fwAD.dual_level():
        for k in range(len(theta)):
            t = fwAD.make_dual(theta, torch.eye(len(theta), dtype=theta.dtype)[k])
            z = X @ t[:-1] + t[-1]
            cost = -(y * F.logsigmoid(z) + (1 - y) * F.logsigmoid(-z)).mean()
            grad[k] = fwAD.unpack_dual(cost + lam / (2 * n) * (t[:-1] ** 2).sum()).tangent
    return grad[:-1], grad[-1]
