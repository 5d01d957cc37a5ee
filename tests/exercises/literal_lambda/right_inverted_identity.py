# expect: pass
def literal_lambda(lam_lecture, n):
    # SGD's weight_decay = wd is our penalty with λ/n = wd; here wd is lam_lecture
    return lam_lecture * n
