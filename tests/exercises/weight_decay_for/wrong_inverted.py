# expect: upside down
def weight_decay_for(lam, n):
    return n / lam if lam else 0.0
