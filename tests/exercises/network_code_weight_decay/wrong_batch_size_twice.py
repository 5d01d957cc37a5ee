# expect: the batch size is counted twice
def network_code_weight_decay(LAMBDA, batch_size):
    per_example = 2.0 / batch_size * LAMBDA  # the penalty per example ...
    return per_example / batch_size  # ... averaged over the batch like the loss
