# expect: only the first weight matrix
def l2_penalty(model):
    for name, p in model.named_parameters():
        if "weight" in name:
            return (p**2).sum()
