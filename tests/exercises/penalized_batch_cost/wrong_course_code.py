# hint: that is the course's per-batch line, another convention: average your batch cost over batches and compare it with J term by term.
def penalized_batch_cost(logits, targets, penalty, lam, n):
    return F.cross_entropy(logits, targets) + 2.0 / targets.size(0) * lam * penalty
