# expect: must be a tensor of shape (2, 3)
def kept_fraction(s, lam):
    return torch.tensor([float(x / (x + lam / 2)) for x in s.reshape(-1)], dtype=s.dtype)
