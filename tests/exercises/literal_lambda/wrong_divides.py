# hint: compare what weight_decay = wd adds to a weight's gradient with what our penalty λ/(2n)·Σw² adds: which λ makes them equal, and does it grow or shrink with n?
def literal_lambda(lam_lecture, n):
    return lam_lecture / n  # like weight_decay = λ/n
