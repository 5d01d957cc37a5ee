# expect: the bundle's mapping (weight_decay_for)
def lecture_to_weight_decay(lam, n):
    return lam / n
