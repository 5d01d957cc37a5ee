# expect: pass
def penalized_logistic_grad(w, b, X, y, lam):
    n = len(X)
    p = 1 / (1 + torch.exp(-(X @ w + b)))
    dloss_dz = (p - y) / n  # one cross-entropy term, differentiated with respect to its logit
    return torch.mv(X.T, dloss_dz) + lam / n * w, dloss_dz.sum()
