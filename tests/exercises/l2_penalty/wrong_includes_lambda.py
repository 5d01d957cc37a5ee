# expect: expected
def l2_penalty(model):
    lam = 0.1
    return lam * sum((p**2).sum() for name, p in model.named_parameters() if "weight" in name)
