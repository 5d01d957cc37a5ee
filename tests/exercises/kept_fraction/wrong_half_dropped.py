# hint: the penalty's strength: how did λ enter the normal equation? Follow every factor of the cost's λ/(2n)·‖w‖² into the term it adds to XᵀX.
def kept_fraction(s, lam):
    return s / (s + lam)
