# expect: twice too large
def penalized_logistic_cost(w, b, X, y, lam):
    n = X.shape[0]
    return F.binary_cross_entropy_with_logits(X @ w + b, y) + lam / n * (w**2).sum()
