# expect: use the arguments s and lam, not the notebook's variables
lam = 30.0  # the notebook's λ


def kept_fraction(s, lam_):
    return s / (s + lam / 2)
