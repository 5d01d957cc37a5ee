# hint: your share divides by every training digit: reread which digits the question's share is of.
def memorized_fraction(logits, trained_labels, true_labels):
    relabelled = trained_labels != true_labels
    hits = (logits[relabelled].argmax(1) == trained_labels[relabelled]).sum().item()
    return hits / len(trained_labels)
