# hint: with yours, SGD's step pushes the weights away from 0: reread what SGD does with weight_decay * w.
def network_code_weight_decay(LAMBDA, batch_size):
    return -2.0 / batch_size * LAMBDA * 2.0  # SGD goes downhill
