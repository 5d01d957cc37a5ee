"""Figures shared by the notebooks; every function returns its matplotlib ``Figure``."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import matplotlib.pyplot as plt
import torch
from matplotlib.figure import Figure
from torch import nn

from .sweep import SweepResult
from .validate import require_int, require_module, require_number


def plot_weight_histograms(models: Mapping[str, nn.Module], bins: int = 80) -> Figure:
    """Return a figure with one histogram per model of all weight-matrix entries (no biases)."""
    if not isinstance(models, Mapping) or not models:
        raise ValueError(f"models must map labels to networks, at least one; got {models!r:.60}")
    for model in models.values():
        require_module(model, "every value of models")
    require_int(bins, "bins", minimum=1)
    values = {
        label: torch.cat([p.detach().flatten().cpu() for p in m.parameters() if p.ndim >= 2])
        for label, m in models.items()
    }
    limit = max(v.abs().max().item() for v in values.values())
    fig, ax = plt.subplots(figsize=(7, 4))
    for i, (label, v) in enumerate(values.items()):
        ax.hist(
            v.numpy(),
            bins=bins,
            range=(-limit, limit),
            histtype="step",
            color=f"C{i}",
            label=f"{label} (std {v.std().item():.3f})",
        )
    ax.set(
        xlabel="weight value",
        ylabel="count (log scale)",
        yscale="log",
        title="Distribution of the weights (all weight matrices)",
    )
    ax.legend(fontsize="small")
    fig.tight_layout()
    return fig


def plot_seed_sweep(results: Mapping[float, Mapping[str, list[float]]]) -> Figure:
    """Return a figure of accuracy and loss against λ: the mean over seeds, the seeds' range.

    ``results[λ]["train_acc" | "val_acc" | "train_loss" | "val_loss"]`` hold one value per
    seed. λ > 0 is drawn on a log axis; λ = 0 (no penalty), which a log axis cannot show, is
    drawn as a horizontal line at its mean with its range as a band.
    """
    if not isinstance(results, Mapping):
        raise ValueError(f"results must map λ to per-seed lists, got {type(results).__name__}")
    keys = ("train_acc", "val_acc", "train_loss", "val_loss")
    for lam, entry in results.items():
        require_number(lam, "every λ of results", minimum=0)
        if not isinstance(entry, Mapping) or any(key not in entry for key in keys):
            raise ValueError(f"results[{lam}] must hold the per-seed lists {', '.join(keys)}")
        for key in keys:
            for value in entry[key]:
                require_number(value, f"results[{lam}][{key!r}]")
    lams = sorted(lam for lam in results if lam > 0)
    if not lams:
        raise ValueError("plot_seed_sweep needs at least one λ > 0 in results")
    fig, axes = plt.subplots(1, 2, figsize=(11, 3.8))
    for ax, metric, what in ((axes[0], "acc", "accuracy"), (axes[1], "loss", "cross-entropy loss")):
        for i, (split, marker) in enumerate((("train", "o"), ("val", "s"))):
            key, color = f"{split}_{metric}", f"C{i}"
            values = [results[lam][key] for lam in lams]
            mean = [sum(v) / len(v) for v in values]
            ax.fill_between(lams, [min(v) for v in values], [max(v) for v in values],
                            color=color, alpha=0.25, linewidth=0)  # fmt: skip
            ax.plot(lams, mean, marker=marker, color=color, label=f"{split}: mean, seeds' range")
            if 0.0 in results:
                zero = results[0.0][key]
                ax.axhline(sum(zero) / len(zero), color=color, linestyle=":",
                           label=f"{split}: λ = 0 (no penalty)")  # fmt: skip
                ax.axhspan(min(zero), max(zero), color=color, alpha=0.1, linewidth=0)
        ax.set(xscale="log", xlabel="λ (log scale)", ylabel=what, title=f"Validation curve: {what}")
        ax.grid(alpha=0.3)
    axes[0].legend(fontsize="small")
    fig.tight_layout()
    return fig


def plot_sweep_curves(sweep: SweepResult, lams: Sequence[float]) -> Figure:
    """Return a figure of loss and accuracy per epoch for some λ of a recorded sweep.

    For each λ: the training numbers (solid; mean over each epoch's mini-batches, on the
    labels trained on) and the validation numbers (dashed), each the mean over the seeds
    with the seeds' range shaded. Needs ``train_sweep(..., record_epochs=True)``.
    """
    if not isinstance(sweep, SweepResult):
        raise TypeError(f"sweep must be what train_sweep returns, got {type(sweep).__name__}")
    if isinstance(lams, str | bytes) or not isinstance(lams, Sequence) or not lams:
        raise ValueError(f"lams must list at least one λ of the sweep, got {lams!r}")
    epochs = range(1, len(sweep.per_epoch("train", "loss", lams[0])) + 1)
    fig, axes = plt.subplots(1, 2, figsize=(11, 3.8))
    for i, lam in enumerate(lams):
        for ax, metric in zip(axes, ("loss", "acc"), strict=True):
            for split, style in (("train", "-"), ("val", "--")):
                per_epoch = sweep.per_epoch(split, metric, lam)
                mean = [sum(v) / len(v) for v in per_epoch]
                ax.fill_between(epochs, [min(v) for v in per_epoch], [max(v) for v in per_epoch],
                                color=f"C{i}", alpha=0.2, linewidth=0)  # fmt: skip
                name = "training" if split == "train" else "validation"
                ax.plot(epochs, mean, style, color=f"C{i}", label=f"λ = {lam:g}: {name}")
    axes[0].set(xlabel="epoch", ylabel="cross-entropy loss (no penalty)", title="Loss")
    axes[1].set(xlabel="epoch", ylabel="accuracy", title="Accuracy")
    for ax in axes:
        ax.grid(alpha=0.3)
    axes[1].legend(fontsize="small")
    fig.tight_layout()
    return fig
