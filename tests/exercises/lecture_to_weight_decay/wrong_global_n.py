# expect: use the argument n, not the notebook's n
n = 3000  # the notebook's training-set size


def lecture_to_weight_decay(lam, n_train):
    return 2 * lam / n
