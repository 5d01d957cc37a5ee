# expect: changed the values of its argument trained_labels
def memorized_fraction(logits, trained_labels, true_labels):
    relabelled = trained_labels != true_labels
    trained_labels[~relabelled] = -1  # "mark the digits that keep their label"
    return (logits.argmax(1) == trained_labels).double().sum().item() / relabelled.sum().item()
