# expect: changed its argument results
def choose_lambda(results):
    for entry in results.values():
        entry.pop("test_acc")  # "so that I cannot look at it by mistake"
    return max(results, key=lambda lam: (sum(results[lam]["val_acc"]), lam))
