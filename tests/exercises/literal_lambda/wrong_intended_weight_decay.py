# hint: that is the weight_decay the slide formula needs (a value of weight_decay, not of our λ); the question is the other way round: given weight_decay = λ_lecture, which λ of our cost?
def literal_lambda(lam_lecture, n):
    return 2 * lam_lecture / n
