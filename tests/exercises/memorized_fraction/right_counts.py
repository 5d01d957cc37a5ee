# expect: pass
def memorized_fraction(logits, trained_labels, true_labels):
    answers = logits.argmax(1)
    relabelled = trained_labels != true_labels
    hits = ((answers == trained_labels) & relabelled).sum().item()
    return hits / relabelled.sum().item()
