# hint: a share is a fraction of the relabelled digits, between 0 and 1: yours is a count.
def memorized_fraction(logits, trained_labels, true_labels):
    relabelled = trained_labels != true_labels
    return (logits[relabelled].argmax(1) == trained_labels[relabelled]).sum().item()
