# expect: must return a plain Python float
def weight_decay_for(lam, n):
    return torch.tensor(lam) / n
