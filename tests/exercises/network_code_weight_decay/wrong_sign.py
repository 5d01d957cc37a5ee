# expect: the sign is wrong
def network_code_weight_decay(LAMBDA, batch_size):
    return -2.0 / batch_size * LAMBDA * 2.0  # SGD goes downhill
