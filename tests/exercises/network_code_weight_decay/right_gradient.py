# expect: pass
def network_code_weight_decay(LAMBDA, batch_size):
    # d/dw of 2/B * LAMBDA * w**2 is 2/B * LAMBDA * 2w, and SGD adds weight_decay * w
    return 2.0 / batch_size * LAMBDA * 2.0
