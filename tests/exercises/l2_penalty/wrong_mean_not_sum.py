# hint: reread the definition of ‖W‖²_F: over which entries, and combined how?
def l2_penalty(model):
    return sum((p**2).mean() for name, p in model.named_parameters() if "weight" in name)
