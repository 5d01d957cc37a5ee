# hint: test your fraction at λ = 0, where ridge is least squares and w_λ is w_ols: what must it be there, and what does yours give?
def kept_fraction(s, lam):
    return (lam / 2) / (s + lam / 2)
