# expect: both factors 2 are missing
def network_code_weight_decay(LAMBDA, batch_size):
    return LAMBDA / batch_size  # like weight_decay = λ/n, with the batch for n
