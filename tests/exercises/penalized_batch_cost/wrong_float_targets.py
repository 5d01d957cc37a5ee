# expect: raised RuntimeError
def penalized_batch_cost(logits, targets, penalty, lam, n):
    return F.cross_entropy(logits, targets.float()) + lam / (2 * n) * penalty
