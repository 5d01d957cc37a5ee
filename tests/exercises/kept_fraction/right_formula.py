# expect: pass
def kept_fraction(s, lam):
    return s / (s + lam / 2)
