# expect: biases (ndim <= 1) must not be decayed
def decay_param_groups(model, weight_decay):
    return [{"params": list(model.parameters()), "weight_decay": weight_decay}]
