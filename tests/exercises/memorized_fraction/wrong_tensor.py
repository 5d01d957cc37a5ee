# expect: must return a plain Python number, got a tensor
def memorized_fraction(logits, trained_labels, true_labels):
    relabelled = trained_labels != true_labels
    return (logits[relabelled].argmax(1) == trained_labels[relabelled]).double().mean()
