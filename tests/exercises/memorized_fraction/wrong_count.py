# hint: yours is a count, not a share: a share lies between 0 and 1.
def memorized_fraction(logits, trained_labels, true_labels):
    relabelled = trained_labels != true_labels
    return (logits[relabelled].argmax(1) == trained_labels[relabelled]).sum().item()
