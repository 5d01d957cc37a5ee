# expect: uses autograd
import threading


def penalized_logistic_grad(w, b, X, y, lam):
    out = {}

    def by_autograd():  # autograd in a thread of its own
        w_, b_ = w.clone().requires_grad_(True), b.clone().requires_grad_(True)
        z = X @ w_ + b_
        cost = F.binary_cross_entropy_with_logits(z, y) + lam / (2 * len(X)) * (w_**2).sum()
        out["grad"] = torch.autograd.grad(cost, (w_, b_))

    thread = threading.Thread(target=by_autograd)
    thread.start()
    thread.join()
    return out["grad"]
