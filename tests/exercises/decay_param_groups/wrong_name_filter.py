# hint: a normalization layer's scale is called weight too, and it is not a weight matrix: names alone cannot tell them apart. What else can?
def decay_param_groups(model, weight_decay):
    decay = [p for name, p in model.named_parameters() if name.endswith("weight")]
    no_decay = [p for name, p in model.named_parameters() if name.endswith("bias")]
    return [
        {"params": decay, "weight_decay": weight_decay},
        {"params": no_decay, "weight_decay": 0.0},
    ]
