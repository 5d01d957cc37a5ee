# expect: read the test accuracies
def choose_lambda(results):
    score = {}
    for lam, entry in results.items():
        for key, values in entry.items():
            if key.startswith("test") and key.endswith("acc"):
                score[lam] = sum(values) / len(values)
    return max(score, key=score.get)
