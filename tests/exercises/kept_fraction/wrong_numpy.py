# expect: got a NumPy ndarray
def kept_fraction(s, lam):
    s = s.numpy()
    return s / (s + lam / 2)
