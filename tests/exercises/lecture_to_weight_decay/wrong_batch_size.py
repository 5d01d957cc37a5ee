# expect: does not change with n
def lecture_to_weight_decay(lam, n):
    batch_size = 64
    return 2 * lam / batch_size
