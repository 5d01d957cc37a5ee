# hint: your share is over every training digit: the question is about the digits whose label was replaced only.
def memorized_fraction(logits, trained_labels, true_labels):
    return (logits.argmax(1) == trained_labels).double().mean().item()
