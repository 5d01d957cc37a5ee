# hint: n in our cost is the number of training examples, not a batch size: use the argument n.
def literal_lambda(lam_lecture, n):
    batch_size = 64
    return lam_lecture * batch_size
