# expect: divides by the batch size
def penalized_batch_cost(logits, targets, penalty, lam, n):
    B = len(targets)
    return F.cross_entropy(logits, targets) + lam / (2 * B) * penalty
