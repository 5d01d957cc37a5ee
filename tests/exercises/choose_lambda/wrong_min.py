# expect: lowest validation accuracy
def choose_lambda(results):
    return min(results, key=lambda lam: results[lam]["val_acc"])
