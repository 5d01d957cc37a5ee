# expect: stray 1/2
def l2_penalty(model):
    return 0.5 * sum((p**2).sum() for name, p in model.named_parameters() if "weight" in name)
