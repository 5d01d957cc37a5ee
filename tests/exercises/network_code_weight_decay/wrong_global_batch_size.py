# expect: use the argument batch_size, not the notebook's B
B = 64  # the notebook's batch size


def network_code_weight_decay(LAMBDA, batch_size):
    return 2.0 / B * LAMBDA * 2.0
