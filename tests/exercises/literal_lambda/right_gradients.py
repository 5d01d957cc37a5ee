# expect: pass
def literal_lambda(lam_lecture, n):
    # weight_decay adds lam_lecture * w; our penalty λ/(2n)·Σw² adds λ/n * w: equal for λ = n·lam_lecture
    per_weight = lam_lecture
    return per_weight * n
