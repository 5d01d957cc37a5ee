# expect: pass
def penalized_batch_cost(logits, targets, penalty, lam, n):
    B = len(targets)
    mean_loss = F.cross_entropy(logits, targets, reduction="sum") / B
    return mean_loss + 0.5 * lam * penalty / n
