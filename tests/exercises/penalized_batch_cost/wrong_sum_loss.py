# expect: sums the batch's losses
def penalized_batch_cost(logits, targets, penalty, lam, n):
    return F.cross_entropy(logits, targets, reduction="sum") + lam / (2 * n) * penalty
