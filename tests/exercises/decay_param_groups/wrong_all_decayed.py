# hint: every parameter gets weight_decay, biases and normalization parameters too: that is plain weight_decay on model.parameters(), the catch above.
def decay_param_groups(model, weight_decay):
    return [{"params": list(model.parameters()), "weight_decay": weight_decay}]
