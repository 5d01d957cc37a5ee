# expect: pass
def decay_param_groups(model, weight_decay):
    return [
        {"params": [p], "weight_decay": weight_decay if p.ndim >= 2 else 0.0}
        for p in model.parameters()
    ]
