# expect: got a Python float
def kept_fraction(s, lam):
    return float(s.min()) / (float(s.min()) + lam / 2)
