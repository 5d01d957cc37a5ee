# hint: your result is a multiple of what this function should return: reread what l2_penalty returns, and what the cost adds to it later.
def l2_penalty(model):
    lam = 0.1
    return lam * sum((p**2).sum() for name, p in model.named_parameters() if "weight" in name)
