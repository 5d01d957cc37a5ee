# expect: does not change with the batch size
def network_code_weight_decay(LAMBDA, batch_size):
    return 4.0 * LAMBDA / 64  # the batch size of the course's loader
