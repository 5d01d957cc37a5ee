# hint: your fraction is above 1 for λ > 0, but the penalty shrinks every eigen-component: reread which component the question compares with which.
def kept_fraction(s, lam):
    return (s + lam / 2) / s
