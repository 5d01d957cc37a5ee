# hint: your result does not follow the arguments: use s and lam as the function gets them, not the notebook's variables (its eigenvalues, its λ, w_ols or V).
lam = 30.0  # the notebook's λ


def kept_fraction(s, lam_):
    return s / (s + lam / 2)
