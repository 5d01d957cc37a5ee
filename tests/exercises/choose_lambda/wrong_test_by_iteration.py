# expect: read the test accuracies
def choose_lambda(results):
    best, top = None, -1.0
    for lam in results:
        for key in results[lam]:
            if "test" in key and "acc" in key:
                score = max(results[lam][key])
                if score > top:
                    best, top = lam, score
    return best
