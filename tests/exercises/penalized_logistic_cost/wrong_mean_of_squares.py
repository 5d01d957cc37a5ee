# expect: mean of w ** 2
def penalized_logistic_cost(w, b, X, y, lam):
    n = X.shape[0]
    return F.binary_cross_entropy_with_logits(X @ w + b, y) + lam / (2 * n) * (w**2).mean()
