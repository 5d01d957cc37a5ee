# expect: only the last weight matrix
def l2_penalty(model):
    for name, p in model.named_parameters():
        if "weight" in name:
            penalty = (p**2).sum()
    return penalty
