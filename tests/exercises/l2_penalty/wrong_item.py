# expect: got a Python float
def l2_penalty(model):
    return sum((p**2).sum().item() for name, p in model.named_parameters() if "weight" in name)
