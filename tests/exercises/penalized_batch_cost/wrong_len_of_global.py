# hint: inside the function, use the argument n: the check calls it with other numbers of training examples than the notebook's.
X_train = torch.zeros(60, 2)  # as in the notebook: its 60 training points


def penalized_batch_cost(logits, targets, penalty, lam, n):
    n_train = len(X_train)  # the number of training examples
    return F.cross_entropy(logits, targets) + lam / (2 * n_train) * penalty
