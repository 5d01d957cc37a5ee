# hint: n in our cost is not a batch size: reread what n counts.
def literal_lambda(lam_lecture, n):
    batch_size = 64
    return lam_lecture * batch_size
