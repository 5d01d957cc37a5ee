# expect: that converts a λ of our convention, not the lecture's
def lecture_to_weight_decay(lam, n):
    return lam / n
