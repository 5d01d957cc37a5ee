# expect: pass
def penalized_logistic_cost(w, b, X, y, lam):
    loss = F.binary_cross_entropy_with_logits(X @ w + b, y)
    return loss + lam * torch.dot(w, w) / (2 * len(y))
