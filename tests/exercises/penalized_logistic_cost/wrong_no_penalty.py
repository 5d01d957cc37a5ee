# expect: penalty is missing
def penalized_logistic_cost(w, b, X, y, lam):
    return F.binary_cross_entropy_with_logits(X @ w + b, y)
