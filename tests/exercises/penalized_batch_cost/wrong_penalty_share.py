# hint: the penalty's part: is the penalty a per-example term that a batch can only estimate, or does every batch know it exactly? n in J is the number of training examples.
def penalized_batch_cost(logits, targets, penalty, lam, n):
    share = len(targets) / n  # this batch's share of the training set
    return F.cross_entropy(logits, targets) + share * lam / (2 * n) * penalty
