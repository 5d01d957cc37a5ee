# expect: read the test accuracies
def choose_lambda(results):
    def mean(values):
        return sum(values) / len(values)

    best = max(results, key=lambda lam: mean(results[lam]["test_acc"]))
    spread = max(results[best]["test_acc"]) - min(results[best]["test_acc"])
    test = {lam: mean(r["test_acc"]) for lam, r in results.items()}
    return max(lam for lam in results if test[best] - test[lam] <= spread)
