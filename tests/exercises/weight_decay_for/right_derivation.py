# expect: pass
def weight_decay_for(lam, n):
    # d/dw [lam / (2n) * ||w||^2] = lam / n * w, and SGD adds weight_decay * w
    penalty_factor = lam / (2 * n)
    return 2 * penalty_factor
