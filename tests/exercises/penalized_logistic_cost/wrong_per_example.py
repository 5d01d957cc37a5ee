# expect: one number
def penalized_logistic_cost(w, b, X, y, lam):
    n = X.shape[0]
    losses = F.binary_cross_entropy_with_logits(X @ w + b, y, reduction="none")
    return losses + lam / (2 * n) * (w**2).sum()
