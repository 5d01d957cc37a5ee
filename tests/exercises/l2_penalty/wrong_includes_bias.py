# hint: it counts parameters that are not weight matrices: print the name of each parameter your sum visits.
def l2_penalty(model):
    return sum((p**2).sum() for p in model.parameters())
