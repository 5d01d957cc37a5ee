# expect: one seed only
def choose_lambda(results):
    return max(results, key=lambda lam: results[lam]["val_acc"])  # compares lists, seed by seed
