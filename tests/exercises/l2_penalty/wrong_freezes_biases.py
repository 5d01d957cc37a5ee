# expect: requires_grad of
def l2_penalty(model):
    penalty = 0.0
    for name, p in model.named_parameters():
        if "bias" in name:
            p.requires_grad_(False)  # "biases are not penalized"
        else:
            penalty = penalty + (p**2).sum()
    return penalty
