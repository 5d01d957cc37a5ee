# expect: pass
def memorized_fraction(logits, trained_labels, true_labels):
    relabelled = memorized = 0
    for row, trained, true in zip(logits, trained_labels, true_labels):
        if trained != true:
            relabelled += 1
            memorized += int(row.argmax() == trained)
    return memorized / relabelled
