# hint: the penalty here is Σ‖W‖²_F alone: its strength and any factor belong to the cost, which the loop builds later.
def l2_penalty(model):
    return 0.5 * sum((p**2).sum() for name, p in model.named_parameters() if "weight" in name)
