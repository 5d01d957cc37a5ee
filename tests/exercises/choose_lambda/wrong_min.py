# expect: lowest validation accuracy
def choose_lambda(results):
    return min(results, key=lambda lam: sum(results[lam]["val_acc"]) / len(results[lam]["val_acc"]))
