# expect: pass
def weight_decay_for(lam, n):
    return lam / n
