# expect: scales the penalty by B/n
def penalized_batch_cost(logits, targets, penalty, lam, n):
    share = len(targets) / n  # this batch's share of the training set
    return F.cross_entropy(logits, targets) + share * lam / (2 * n) * penalty
