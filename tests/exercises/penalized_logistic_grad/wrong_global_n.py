# hint: inside the function, n is the number of examples of the X it is given, not the notebook's n.
n = 100  # the notebook's n (its data cell: n, d = X.shape)


def penalized_logistic_grad(w, b, X, y, lam):
    residual = torch.sigmoid(X @ w + b) - y
    return X.T @ residual / n + lam / n * w, residual.sum() / n
