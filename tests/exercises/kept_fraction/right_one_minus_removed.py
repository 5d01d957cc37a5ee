# expect: pass
def kept_fraction(s, lam):
    removed = (lam / 2) / (s + lam / 2)  # the part the penalty takes away
    return 1 - removed
