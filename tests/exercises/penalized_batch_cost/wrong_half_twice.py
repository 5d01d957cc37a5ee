# expect: counted twice
def penalized_batch_cost(logits, targets, penalty, lam, n):
    return F.cross_entropy(logits, targets) + 0.5 * lam / (2 * n) * penalty
