# expect: the penalty is missing
def penalized_batch_cost(logits, targets, penalty, lam, n):
    return F.cross_entropy(logits, targets)
