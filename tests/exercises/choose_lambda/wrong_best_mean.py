# hint: it returns the λ of the best mean, but that λ won partly by luck, and the exercise asks for the largest λ the seeds cannot tell from it.
def choose_lambda(results):
    return max(results, key=lambda lam: sum(results[lam]["val_acc"]) / len(results[lam]["val_acc"]))
