# expect: upside down
def kept_fraction(s, lam):
    return (s + lam / 2) / s
