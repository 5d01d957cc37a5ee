# expect: divide by n
def weight_decay_for(lam, n):
    return lam
