# expect: weight_decay is not lam: the lecture says to pass lambda to weight_decay
def lecture_to_weight_decay(lam, n):
    return lam
