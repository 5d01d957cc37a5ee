# expect: pass
def lecture_to_weight_decay(lam, n):
    # d/dw [lam / n * ||w||^2] = 2 * lam / n * w, and SGD adds weight_decay * w
    penalty_factor = lam / n
    return 2 * penalty_factor
