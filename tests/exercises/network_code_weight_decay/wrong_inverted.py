# hint: a larger LAMBDA must decay more: yours decays less.
def network_code_weight_decay(LAMBDA, batch_size):
    return batch_size / (4.0 * LAMBDA) if LAMBDA else 0.0
