# expect: compares medians
def choose_lambda(results):
    def median(values):
        return sorted(values)[len(values) // 2]

    return max(results, key=lambda lam: (median(results[lam]["val_acc"]), lam))
