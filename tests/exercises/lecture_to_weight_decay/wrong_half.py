# expect: the lecture's cost has no 1/2
def lecture_to_weight_decay(lam, n):
    return lam / (2 * n)
