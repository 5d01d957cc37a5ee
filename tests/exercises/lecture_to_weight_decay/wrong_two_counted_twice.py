# expect: a factor is counted twice
def lecture_to_weight_decay(lam, n):
    lam_bundle = 2 * lam
    return 2 * lam_bundle / n
