# expect: grad_w must be a tensor of shape
def penalized_logistic_grad(w, b, X, y, lam):
    n = X.shape[0]
    residual = (torch.sigmoid(X @ w + b) - y).numpy()
    return X.numpy().T @ residual / n + lam / n * w.numpy(), residual.mean()
