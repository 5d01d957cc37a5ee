# expect: must be a tensor of shape ()
def l2_penalty(model):
    penalty = torch.zeros(1)
    for name, p in model.named_parameters():
        if "weight" in name:
            penalty = penalty + (p**2).sum()
    return penalty
