# expect: nll_loss expects log-probabilities
def penalized_batch_cost(logits, targets, penalty, lam, n):
    return F.nll_loss(logits, targets) + lam / (2 * n) * penalty
