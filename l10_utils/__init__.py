"""Helpers for the notebooks of STAT 453 lecture 10.4, "L2 regularization for neural networks".

Convention used throughout: with a mean loss over the ``n`` training examples, the
L2-penalized cost is ``J(w) = mean loss + lam / (2 * n) * ||w||^2`` (biases not
penalized); ``torch.optim.SGD(..., weight_decay=wd)`` equals adding ``wd / 2 * ||p||^2``
to the loss for every parameter ``p`` it is given, so with the biases in a parameter group
with ``weight_decay=0`` it reproduces ``J`` with ``wd = lam / n``.
"""

from .data import (
    MnistSplits,
    data_root,
    load_mnist,
    two_classes,
    with_wrong_labels,
)
from .models import make_mlp, weight_norms
from .plotting import (
    plot_seed_sweep,
    plot_sweep_curves,
    plot_weight_histograms,
    show,
    use_style,
)
from .runtime import get_device, set_seed, use_threads
from .training import History, evaluate, fit

__all__ = [
    "History",
    "MnistSplits",
    "data_root",
    "evaluate",
    "fit",
    "get_device",
    "load_mnist",
    "make_mlp",
    "plot_seed_sweep",
    "plot_sweep_curves",
    "plot_weight_histograms",
    "set_seed",
    "show",
    "two_classes",
    "use_style",
    "use_threads",
    "weight_norms",
    "with_wrong_labels",
]
