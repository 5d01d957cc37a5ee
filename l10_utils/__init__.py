"""Helpers for the notebooks of STAT 453 lecture 10.4, "L2 regularization for neural networks".

Convention used throughout: with a mean loss over the ``n`` training examples, the
L2-penalized cost is ``J(w) = mean loss + lam / (2 * n) * ||w||^2`` (biases not
penalized); ``torch.optim.SGD(..., weight_decay=wd)`` equals adding ``wd / 2 * ||p||^2``
to the loss for every parameter ``p`` it is given, so with the biases in a parameter group
with ``weight_decay=0`` it reproduces ``J`` with ``wd = lam / n``.
"""

from importlib import import_module
from typing import Any

from .data import (
    MnistSplits,
    data_root,
    load_mnist,
    two_classes,
    with_wrong_labels,
)
from .models import make_mlp, weight_norms
from .runtime import get_device, set_seed, use_threads
from .training import History, evaluate, fit

# Imported on first use (PEP 562), so that a notebook that draws nothing never loads
# matplotlib (about 30 MB of a grading container's memory; see docs/instructors.md).
_LAZY_NAMES = {
    "plot_seed_sweep": "plotting",
    "plot_sweep_curves": "plotting",
    "plot_weight_histograms": "plotting",
    "show": "plotting",
    "use_style": "plotting",
}
_LAZY_MODULES = ("plotting", "sweep")  # attributes of the package once imported, as before


def __getattr__(name: str) -> Any:
    """Import a plotting helper, or the ``plotting``/``sweep`` module, when first asked for."""
    if name in _LAZY_NAMES:
        return getattr(import_module(f".{_LAZY_NAMES[name]}", __name__), name)
    if name in _LAZY_MODULES:
        return import_module(f".{name}", __name__)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    """The package's names, the lazy ones included."""
    return sorted({*globals(), *_LAZY_NAMES, *_LAZY_MODULES})


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
