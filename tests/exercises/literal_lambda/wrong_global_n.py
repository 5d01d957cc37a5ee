# hint: use the argument n: the check calls it with other training-set sizes than the notebook's.
n = 3000  # the notebook's training-set size


def literal_lambda(lam_lecture, n_train):
    return lam_lecture * n
