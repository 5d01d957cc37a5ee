# hint: your number averages probabilities; the question counts the network's answers (its largest logit) on the relabelled digits.
def memorized_fraction(logits, trained_labels, true_labels):
    relabelled = trained_labels != true_labels
    p = logits[relabelled].softmax(1)
    return p[torch.arange(len(p)), trained_labels[relabelled]].mean().item()
