# hint: your groups decay the wrong tensors: reread which parameters notebooks 1 and 2 leave unpenalized.
def decay_param_groups(model, weight_decay):
    decay = [p for p in model.parameters() if p.ndim <= 1]
    no_decay = [p for p in model.parameters() if p.ndim >= 2]
    return [
        {"params": decay, "weight_decay": weight_decay},
        {"params": no_decay, "weight_decay": 0.0},
    ]
