"""Helpers for the notebooks of STAT 453 lecture 10.4, "L2 regularization for neural networks".

The L2-penalized cost throughout: ``J(w) = mean loss over the n training examples + lam / (2n)
* ||w||^2``, biases not penalized (``SGD(weight_decay=lam / n)`` on the weights alone).
"""

from importlib import import_module
from typing import Any

from .data import (
    MnistSplits,
    correlated_pair,
    data_root,
    load_mnist,
    two_classes,
    with_wrong_labels,
)
from .models import make_mlp, weight_norms
from .runtime import get_device, set_seed, use_threads
from .training import History, evaluate, fit

# imported on first use (PEP 562): a notebook that draws nothing never loads matplotlib
# (about 30 MB of a grading container's memory; see docs/instructors.md)
_PLOTTING = ("plot_seed_sweep", "plot_sweep_curves", "plot_weight_histograms", "show", "use_style")


def __getattr__(name: str) -> Any:
    """Import a plotting helper when first asked for."""
    if name in _PLOTTING:
        return getattr(import_module(".plotting", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *_PLOTTING})


__all__ = [*_PLOTTING, "History", "MnistSplits", "correlated_pair", "data_root", "evaluate"]
__all__ += ["fit", "get_device"]
__all__ += ["load_mnist", "make_mlp", "set_seed", "two_classes", "use_threads", "weight_norms"]
__all__ += ["with_wrong_labels"]
