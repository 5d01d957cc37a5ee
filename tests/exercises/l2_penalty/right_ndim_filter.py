# expect: pass
def l2_penalty(model):
    return sum(p.pow(2).sum() for p in model.parameters() if p.ndim >= 2)
