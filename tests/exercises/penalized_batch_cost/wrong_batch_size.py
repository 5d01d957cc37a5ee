# hint: the penalty's part: is the penalty a per-example term that a batch can only estimate, or does every batch know it exactly? Average your batch cost over an epoch and compare its penalty with J's.
def penalized_batch_cost(logits, targets, penalty, lam, n):
    B = len(targets)
    return F.cross_entropy(logits, targets) + lam / (2 * B) * penalty
