# expect: read the test accuracies
def choose_lambda(results):
    import numpy as np

    return max(results, key=lambda lam: float(np.mean(results[lam]["test_acc"])))
