# hint: your fraction is the same for every eigenvalue: in the eigenbasis each direction has an equation of its own, with its own s.
def kept_fraction(s, lam):
    return torch.ones_like(s) / (1 + lam / 2)
