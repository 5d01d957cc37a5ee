# expect: pass
def l2_penalty(model):
    penalty = 0.0
    for name, p in model.named_parameters():
        if "weight" in name:
            penalty = penalty + (p**2).sum()
    return penalty
