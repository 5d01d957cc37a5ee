"""Figures shared by the notebooks; every function returns its matplotlib ``Figure``."""

from __future__ import annotations

from collections.abc import Mapping

import matplotlib.pyplot as plt
import torch
from matplotlib.figure import Figure
from torch import nn

from .training import History


def plot_history(histories: Mapping[str, History] | History) -> Figure:
    """Return a figure of loss and accuracy per epoch (train solid, validation dashed).

    One colour per run; ``histories`` maps a label to its ``History``.
    """
    if isinstance(histories, History):
        histories = {"run": histories}
    if not histories:
        raise ValueError("plot_history needs at least one History")
    fig, (ax_loss, ax_acc) = plt.subplots(1, 2, figsize=(11, 4))
    for i, (label, h) in enumerate(histories.items()):
        color = f"C{i}"
        for ax, train, val in (
            (ax_loss, h.train_loss, h.val_loss),
            (ax_acc, h.train_acc, h.val_acc),
        ):
            ax.plot(h.epochs, train, color=color, label=f"{label}: train")
            if val:
                ax.plot(h.epochs, val, color=color, linestyle="--", label=f"{label}: validation")
    ax_loss.set(xlabel="epoch", ylabel="cross-entropy loss (no penalty)", title="Loss")
    ax_acc.set(xlabel="epoch", ylabel="accuracy", title="Accuracy")
    for ax in (ax_loss, ax_acc):
        ax.grid(alpha=0.3)
    ax_acc.legend(fontsize="small")
    fig.tight_layout()
    return fig


def plot_weight_histograms(models: Mapping[str, nn.Module], bins: int = 80) -> Figure:
    """Return a figure with one histogram per model of all weight-matrix entries (no biases)."""
    if not models:
        raise ValueError("plot_weight_histograms needs at least one model")
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


def plot_weight_norms(histories: Mapping[str, History]) -> Figure:
    """Return a figure of each layer's ``||W||_F`` per epoch (panel per layer, colour per run)."""
    if not histories:
        raise ValueError("plot_weight_norms needs at least one History")
    layers = list(next(iter(histories.values())).weight_norms)
    fig, axes = plt.subplots(1, len(layers), figsize=(3.6 * len(layers), 3.4), squeeze=False)
    for ax, layer in zip(axes[0], layers, strict=True):
        for i, (label, h) in enumerate(histories.items()):
            ax.plot(h.epochs, h.weight_norms[layer], color=f"C{i}", label=label)
        ax.set(xlabel="epoch", ylabel=r"$\|W\|_F$", title=layer)
        ax.grid(alpha=0.3)
    axes[0][-1].legend(fontsize="small")
    fig.tight_layout()
    return fig


def plot_seed_sweep(results: Mapping[float, Mapping[str, list[float]]]) -> Figure:
    """Return a figure of accuracy and loss against λ: the mean over seeds, the seeds' range.

    ``results[λ]["train_acc" | "val_acc" | "train_loss" | "val_loss"]`` hold one value per
    seed. λ > 0 is drawn on a log axis; λ = 0 (no penalty), which a log axis cannot show, is
    drawn as a horizontal line at its mean with its range as a band.
    """
    lams = sorted(lam for lam in results if lam > 0)
    if not lams:
        raise ValueError("plot_seed_sweep needs at least one λ > 0")
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
