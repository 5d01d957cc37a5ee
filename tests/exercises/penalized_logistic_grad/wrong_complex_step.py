# expect: complex numbers
def penalized_logistic_grad(w, b, X, y, lam):
    # the cost at complex points theta + i·h·e_k, all at once: its imaginary part over h is the
    # gradient to rounding (complex-step differentiation), with no formula derived
    theta = torch.cat([w, b.reshape(1)]).to(torch.complex128)
    k, h, n = len(theta), 1e-30, X.shape[0]
    P = theta + 1j * h * torch.eye(k, dtype=torch.complex128)
    Xc, yc = X.to(torch.complex128), y.to(torch.complex128)
    Z = P[:, :-1] @ Xc.T + P[:, -1:]
    L = torch.log(1 + torch.exp(-Z))  # -log sigmoid(z)
    cost = (yc * L + (1 - yc) * (L + Z)).mean(1) + lam / (2 * n) * (P[:, :-1] ** 2).sum(1)
    grad = (cost.imag / h).to(X.dtype)
    return grad[:-1], grad[-1]
