# expect: not divided by n
def penalized_logistic_cost(w, b, X, y, lam):
    return F.binary_cross_entropy_with_logits(X @ w + b, y) + lam / 2 * (w**2).sum()
