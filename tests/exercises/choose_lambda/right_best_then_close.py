# expect: pass
def choose_lambda(results):
    def mean_val(lam):
        values = results[lam]["val_acc"]
        return sum(values) / len(values)

    best = max(results, key=mean_val)
    best_values = results[best]["val_acc"]
    spread = max(best_values) - min(best_values)
    return max(lam for lam in results if mean_val(best) - mean_val(lam) <= spread)
