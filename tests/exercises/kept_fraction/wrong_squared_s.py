# expect: s is squared
def kept_fraction(s, lam):
    return s**2 / (s**2 + lam / 2)
