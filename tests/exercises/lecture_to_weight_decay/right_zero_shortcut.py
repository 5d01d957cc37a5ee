# expect: pass
def lecture_to_weight_decay(lam, n):
    if lam == 0:
        return 0  # no penalty, no decay
    return lam * 2 / n
