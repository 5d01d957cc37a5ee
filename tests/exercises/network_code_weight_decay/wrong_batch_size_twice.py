# hint: reread the course's penalty line: the mean loss already averages over the batch; how often does the batch size enter the penalty?
def network_code_weight_decay(LAMBDA, batch_size):
    per_example = 2.0 / batch_size * LAMBDA  # the penalty per example ...
    return per_example / batch_size  # ... averaged over the batch like the loss
