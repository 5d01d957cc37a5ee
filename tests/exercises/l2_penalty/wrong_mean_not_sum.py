# expect: mean of the squared entries
def l2_penalty(model):
    return sum((p**2).mean() for name, p in model.named_parameters() if "weight" in name)
