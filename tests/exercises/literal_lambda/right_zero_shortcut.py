# expect: pass
def literal_lambda(lam_lecture, n):
    if lam_lecture == 0:
        return 0  # no decay, no penalty
    return n * lam_lecture
