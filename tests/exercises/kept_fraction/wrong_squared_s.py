# hint: write XᵀX = V diag(s) Vᵀ into the normal equation and read off what multiplies each component c_i: that is how s enters.
def kept_fraction(s, lam):
    return s**2 / (s**2 + lam / 2)
