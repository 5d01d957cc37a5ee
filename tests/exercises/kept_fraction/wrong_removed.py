# expect: the part of each component that the penalty removes
def kept_fraction(s, lam):
    return (lam / 2) / (s + lam / 2)
