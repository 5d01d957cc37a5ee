# expect: not the notebook's n
X_train = torch.zeros(60, 2)  # as in the notebook: its 60 training points


def penalized_batch_cost(logits, targets, penalty, lam, n):
    n_train = len(X_train)  # the number of training examples
    return F.cross_entropy(logits, targets) + lam / (2 * n_train) * penalty
