# expect: the cost is float32 but the inputs are float64
def penalized_logistic_cost(w, b, X, y, lam):
    z = X.float() @ w.float() + b.float()
    bce = F.binary_cross_entropy_with_logits(z, y.float())
    return bce + lam / (2 * len(X)) * (w.float() ** 2).sum()
