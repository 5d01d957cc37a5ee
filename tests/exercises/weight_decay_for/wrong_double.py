# expect: twice too large
def weight_decay_for(lam, n):
    return 2 * lam / n
