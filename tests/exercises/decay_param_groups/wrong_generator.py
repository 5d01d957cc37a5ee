# expect: must return a list of dicts, got generator (a generator can be read only once)
def decay_param_groups(model, weight_decay):
    for p in model.parameters():
        yield {"params": [p], "weight_decay": weight_decay if p.ndim >= 2 else 0.0}
