# expect: appears in more than one group
def decay_param_groups(model, weight_decay):
    decay = [p for p in model.parameters() if p.ndim >= 2]
    return [
        {"params": decay, "weight_decay": weight_decay},
        {"params": list(model.parameters()), "weight_decay": 0.0},
    ]
