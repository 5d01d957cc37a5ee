# expect: pass
def penalized_logistic_cost(w, b, X, y, lam):
    p = torch.sigmoid(X @ w + b)
    eps = 1e-8  # keeps log away from log(0); changes the cost far less than any mistake
    bce = -(y * torch.log(p + eps) + (1 - y) * torch.log(1 - p + eps)).mean()
    return bce + lam / (2 * len(X)) * (w**2).sum()
