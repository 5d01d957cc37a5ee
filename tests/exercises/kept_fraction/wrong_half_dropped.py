# expect: twice as strong
def kept_fraction(s, lam):
    return s / (s + lam)
