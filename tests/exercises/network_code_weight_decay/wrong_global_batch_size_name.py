# hint: use the argument batch_size: the check calls it with other batch sizes than the notebook's.
batch_size = 64  # the notebook's batch size


def network_code_weight_decay(LAMBDA, size):
    return 2.0 / batch_size * LAMBDA * 2.0
