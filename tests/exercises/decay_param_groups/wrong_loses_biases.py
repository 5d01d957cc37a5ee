# expect: is missing from the groups
def decay_param_groups(model, weight_decay):
    return [
        {"params": [p for p in model.parameters() if p.ndim >= 2], "weight_decay": weight_decay}
    ]
