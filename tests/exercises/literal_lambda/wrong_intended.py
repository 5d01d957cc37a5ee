# hint: that is the λ the slide formula means by λ_lecture (notebook 1); the question is which λ SGD trains with when it is given weight_decay = λ_lecture: compare what weight_decay and our penalty add to a gradient.
def literal_lambda(lam_lecture, n):
    return 2 * lam_lecture  # λ = 2 λ_lecture
