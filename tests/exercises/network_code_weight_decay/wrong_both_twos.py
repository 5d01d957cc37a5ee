# expect: count every factor between the course's penalty and its gradient
def network_code_weight_decay(LAMBDA, batch_size):
    return LAMBDA / batch_size  # like weight_decay = λ/n, with the batch for n
