# expect: the sign is wrong
def lecture_to_weight_decay(lam, n):
    return -2 * lam / n  # "decay" pulls the weights down, but SGD subtracts the gradient itself
