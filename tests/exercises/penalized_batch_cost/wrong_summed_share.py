# hint: average your batch cost over all the batches of an epoch: do you get J, or a multiple of it? Compare term by term.
def penalized_batch_cost(logits, targets, penalty, lam, n):
    B = len(targets)
    total_loss = F.cross_entropy(logits, targets, reduction="sum")
    return total_loss + B / n * (lam / 2) * penalty
