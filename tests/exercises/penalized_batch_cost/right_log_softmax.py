# expect: pass
def penalized_batch_cost(logits, targets, penalty, lam, n):
    loss = F.nll_loss(F.log_softmax(logits, dim=1), targets)  # the same as cross_entropy
    coefficient = lam / n / 2
    return loss + coefficient * penalty
