# expect: pass
def lecture_to_weight_decay(lam, n):
    lam_bundle = 2 * lam  # lam / n * ||w||^2 = (2 * lam) / (2n) * ||w||^2
    return lam_bundle / n  # the bundle's weight_decay, lam_bundle / n
