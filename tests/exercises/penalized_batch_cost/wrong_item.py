# hint: no gradient flows back to the penalty: build the cost from the tensors themselves (no .item(), .detach() or .data), so that .backward() reaches the weights through it.
def penalized_batch_cost(logits, targets, penalty, lam, n):
    return F.cross_entropy(logits, targets) + lam / (2 * n) * penalty.item()
