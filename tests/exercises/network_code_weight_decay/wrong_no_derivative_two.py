# expect: differentiating L2 = sum w^2 brings a factor of its own
def network_code_weight_decay(LAMBDA, batch_size):
    return 2.0 / batch_size * LAMBDA  # the course's factor, read off as it is
