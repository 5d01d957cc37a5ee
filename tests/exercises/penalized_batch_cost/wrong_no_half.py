# hint: the penalty's part: compare its factor with J's penalty, written out above.
def penalized_batch_cost(logits, targets, penalty, lam, n):
    return F.cross_entropy(logits, targets) + lam / n * penalty
