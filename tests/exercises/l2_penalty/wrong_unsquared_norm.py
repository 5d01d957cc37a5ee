# expect: not squared
def l2_penalty(model):
    return sum(p.norm() for name, p in model.named_parameters() if "weight" in name)
