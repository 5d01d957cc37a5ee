# expect: read 'test_acc'
def choose_lambda(results):
    def mean(values):
        return sum(values) / len(values)

    return max(results, key=lambda lam: mean(results[lam]["val_acc"] + results[lam]["test_acc"]))
