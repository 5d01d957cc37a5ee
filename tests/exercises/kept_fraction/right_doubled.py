# expect: pass
def kept_fraction(s, lam):
    # multiply the top and the bottom by 2
    return 2 * s / (2 * s + lam)
