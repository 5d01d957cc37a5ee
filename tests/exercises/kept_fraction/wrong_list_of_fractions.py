# expect: one fraction per eigenvalue
def kept_fraction(s, lam):
    return torch.tensor([float(x / (x + lam / 2)) for x in s.reshape(-1)], dtype=s.dtype)
