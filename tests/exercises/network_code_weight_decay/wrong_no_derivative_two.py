# expect: the factor 2 of the derivative is missing
def network_code_weight_decay(LAMBDA, batch_size):
    return 2.0 / batch_size * LAMBDA  # the course's factor, read off as it is
