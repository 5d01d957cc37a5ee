# hint: your share counts the relabelled digits the network gets right: reread which label counts as memorized.
def memorized_fraction(logits, trained_labels, true_labels):
    relabelled = trained_labels != true_labels
    return (logits[relabelled].argmax(1) == true_labels[relabelled]).double().mean().item()
