# expect: got a Python float
def penalized_batch_cost(logits, targets, penalty, lam, n):
    cost = F.cross_entropy(logits, targets) + lam / (2 * n) * penalty
    return cost.item()
