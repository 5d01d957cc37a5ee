# expect: without a gradient
def l2_penalty(model):
    return sum((p.data**2).sum() for name, p in model.named_parameters() if "weight" in name)
