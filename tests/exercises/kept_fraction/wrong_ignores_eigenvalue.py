# expect: the same for every eigenvalue
def kept_fraction(s, lam):
    return torch.ones_like(s) / (1 + lam / 2)
