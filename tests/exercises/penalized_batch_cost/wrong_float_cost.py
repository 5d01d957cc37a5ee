# expect: must return a tensor
def penalized_batch_cost(logits, targets, penalty, lam, n):
    cost = F.cross_entropy(logits, targets) + lam / (2 * n) * penalty
    return cost.item()
