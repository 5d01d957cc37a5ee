# expect: read the test accuracies
def choose_lambda(results):
    # the last list of each entry: "the newest numbers"
    return max(results, key=lambda lam: sum(list(results[lam].values())[-2]))
