# expect: numerical differentiation
def penalized_logistic_cost(w, b, X, y, lam):  # the notebook's cost cell
    n = X.shape[0]
    z = X @ w + b
    bce = -(y * F.logsigmoid(z) + (1 - y) * F.logsigmoid(-z)).mean()
    return bce + lam / (2 * n) * (w**2).sum()


def penalized_logistic_grad(w, b, X, y, lam):
    # central differences in float64, cast back: agrees to about 1e-10
    w64, b64, X64, y64 = w.double(), b.double(), X.double(), y.double()
    h = 1e-6
    grad_w = torch.zeros_like(w64)
    for k in range(len(w64)):
        step = torch.zeros_like(w64)
        step[k] = h
        up = penalized_logistic_cost(w64 + step, b64, X64, y64, lam)
        down = penalized_logistic_cost(w64 - step, b64, X64, y64, lam)
        grad_w[k] = (up - down) / (2 * h)
    up = penalized_logistic_cost(w64, b64 + h, X64, y64, lam)
    down = penalized_logistic_cost(w64, b64 - h, X64, y64, lam)
    return grad_w.to(w.dtype), ((up - down) / (2 * h)).to(b.dtype)
