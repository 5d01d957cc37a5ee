# expect: n multiplies where it divides
def lecture_to_weight_decay(lam, n):
    return 2 * lam * n
