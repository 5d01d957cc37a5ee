# expect: pass
def choose_lambda(results):
    def mean(values):
        return sum(values) / len(values)

    return max(results, key=lambda lam: (mean(results[lam]["val_acc"]), lam))
