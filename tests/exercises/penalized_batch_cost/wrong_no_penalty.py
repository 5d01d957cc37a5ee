# hint: J has two terms: what does one batch tell you about each?
def penalized_batch_cost(logits, targets, penalty, lam, n):
    return F.cross_entropy(logits, targets)
