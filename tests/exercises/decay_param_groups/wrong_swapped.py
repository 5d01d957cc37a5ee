# hint: your groups decay exactly the tensors that must stay free, and free the ones to decay.
def decay_param_groups(model, weight_decay):
    decay = [p for p in model.parameters() if p.ndim <= 1]
    no_decay = [p for p in model.parameters() if p.ndim >= 2]
    return [
        {"params": decay, "weight_decay": weight_decay},
        {"params": no_decay, "weight_decay": 0.0},
    ]
