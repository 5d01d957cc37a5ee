# expect: must return a plain Python float
def lecture_to_weight_decay(lam, n):
    return torch.tensor(2 * lam / n)
