# expect: must return a plain Python number, got a tensor
def network_code_weight_decay(LAMBDA, batch_size):
    return 2.0 / batch_size * torch.tensor(LAMBDA) * 2.0
