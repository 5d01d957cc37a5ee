# expect: pass
def memorized_fraction(logits, trained_labels, true_labels):
    relabelled = trained_labels != true_labels
    answers = logits[relabelled].argmax(dim=1)
    return (answers == trained_labels[relabelled]).float().mean().item()  # float32's mean
