# expect: the lecture says to pass LAMBDA to weight_decay
def network_code_weight_decay(LAMBDA, batch_size):
    return LAMBDA  # "pass lambda to weight_decay"
