# expect: includes the bias vectors
def l2_penalty(model):
    return sum((p**2).sum() for p in model.parameters())
