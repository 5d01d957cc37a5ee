# expect: pass
def l2_penalty(model):
    norms = [
        torch.linalg.matrix_norm(p) ** 2
        for n, p in model.named_parameters()
        if not n.endswith("bias")
    ]
    return torch.stack(norms).sum()
