# expect: pass
def lecture_to_weight_decay(lam, n):
    return 2 * lam / n
