# hint: a network that is wrong on a relabelled digit need not answer its replaced label: it has other wrong answers to choose from.
def memorized_fraction(logits, trained_labels, true_labels):
    relabelled = trained_labels != true_labels
    return (logits[relabelled].argmax(1) != true_labels[relabelled]).double().mean().item()
