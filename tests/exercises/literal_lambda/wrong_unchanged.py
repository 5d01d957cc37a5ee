# hint: weight_decay and our λ are not the same number: compare what weight_decay = wd adds to a weight's gradient with what our penalty λ/(2n)·Σw² adds.
def literal_lambda(lam_lecture, n):
    return lam_lecture  # "pass λ to weight_decay"
