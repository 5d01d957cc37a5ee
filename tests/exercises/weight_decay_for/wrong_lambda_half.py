# expect: the n stays
def weight_decay_for(lam, n):
    return lam / 2
