# expect: the course's per-batch line
def penalized_batch_cost(logits, targets, penalty, lam, n):
    return F.cross_entropy(logits, targets) + 2.0 / targets.size(0) * lam * penalty
