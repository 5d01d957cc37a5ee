# expect: the batch size multiplies where it divides
def network_code_weight_decay(LAMBDA, batch_size):
    return 4.0 * LAMBDA * batch_size
