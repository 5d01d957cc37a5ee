# expect: four times as strong
def kept_fraction(s, lam):
    return s / (s + 2 * lam)
