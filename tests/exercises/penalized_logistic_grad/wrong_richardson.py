# expect: numerical differentiation
def penalized_logistic_grad(w, b, X, y, lam):
    # five-point differences of the cost written inline, in float64: agrees to about 1e-12
    def cost(theta):
        z = X.double() @ theta[:-1] + theta[-1]
        yd = y.double()
        bce = (torch.nn.functional.softplus(z) - yd * z).mean()
        return bce + lam / (2 * len(X)) * (theta[:-1] ** 2).sum()

    theta = torch.cat([w.double(), b.double().reshape(1)])
    h, grad = 1e-3, torch.zeros_like(theta)
    for k in range(len(theta)):
        e = torch.zeros_like(theta)
        e[k] = h
        grad[k] = (-cost(theta + 2 * e) + 8 * cost(theta + e) - 8 * cost(theta - e)
                   + cost(theta - 2 * e)) / (12 * h)
    return grad[:-1].to(w.dtype), grad[-1].to(b.dtype)
