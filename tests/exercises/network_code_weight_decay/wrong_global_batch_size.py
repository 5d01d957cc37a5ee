# hint: use the argument batch_size: the check calls it with other batch sizes than the notebook's.
B = 64  # the notebook's batch size


def network_code_weight_decay(LAMBDA, batch_size):
    return 2.0 / B * LAMBDA * 2.0
