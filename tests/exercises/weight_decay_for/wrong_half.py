# expect: no extra 1/2
def weight_decay_for(lam, n):
    return lam / (2 * n)
