# expect: upside down
def penalized_batch_cost(logits, targets, penalty, lam, n):
    return F.cross_entropy(logits, targets) + lam * n / 2 * penalty
