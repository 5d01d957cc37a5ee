# expect: upside down
def lecture_to_weight_decay(lam, n):
    return n / (2 * lam) if lam else 0.0
