# expect: divided by d = len(w)
def penalized_logistic_cost(w, b, X, y, lam):
    n = len(w)
    return F.binary_cross_entropy_with_logits(X @ w + b, y) + lam / (2 * n) * (w**2).sum()
