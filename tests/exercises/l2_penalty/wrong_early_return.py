# hint: it counts only some of the weight matrices: follow your loop through every layer: what happens to the total at each one?
def l2_penalty(model):
    for name, p in model.named_parameters():
        if "weight" in name:
            penalty = (p**2).sum()
    return penalty
