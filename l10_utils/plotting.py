"""One accessible figure style, the notebooks' plots (described in ``fig.alt_text``), ``show``."""

from __future__ import annotations

import base64
import html
import io
from collections.abc import Mapping, Sequence
from statistics import fmean
from typing import TYPE_CHECKING

import matplotlib.pyplot as plt
import torch
from cycler import cycler
from matplotlib.figure import Figure
from torch import nn

if TYPE_CHECKING:  # only for the annotation: a figure does not load the trainer
    from .sweep import SweepResult

#: Okabe & Ito's colour-blind-safe palette (blue, vermillion, bluish green, reddish purple,
#: orange, sky blue, black, yellow): the colours of the lines, in this order.
OKABE_ITO = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#F0E442"]
#: Markers that tell the lines of one figure apart without colour.
MARKERS = ["o", "s", "^", "D", "v", "P", "X", "*"]
MARKER_NAMES = ["circles", "squares", "triangles", "diamonds", "down triangles", "plus signs",
                "crosses", "stars"]  # fmt: skip
_DASHES = ["-", "--", "-.", ":", (0, (5, 1)), (0, (3, 1, 1, 1)), (0, (1, 1)), (0, (5, 5))]

#: The one style of every figure: ``use_style()`` sets it; this module's functions use it.
STYLE = {
    "axes.prop_cycle": cycler(color=OKABE_ITO) + cycler(linestyle=_DASHES),
    "image.cmap": "cividis",
    "figure.facecolor": "white",
    "axes.facecolor": "white",
    "savefig.facecolor": "white",
    "savefig.transparent": False,
    "legend.framealpha": 0.9,
}


def use_style() -> None:
    """Set :data:`STYLE` for every later figure of this kernel (the notebooks call it once)."""
    plt.rcParams.update(STYLE)


def img_tag(png: bytes, alt: str, width: int | None = None) -> str:
    """Return an HTML ``<img>`` of the PNG bytes with ``alt`` as its text alternative."""
    source = base64.b64encode(png).decode("ascii")
    size = f' width="{width}"' if width is not None else ""
    return f'<img src="data:image/png;base64,{source}"{size} alt="{html.escape(alt, quote=True)}">'


def figure_output(png: bytes, alt: str) -> tuple[dict[str, str], dict[str, dict]]:
    """Return an output's (data, metadata): the PNG as HTML ``<img alt>``, PNG, and the text."""
    # the HTML, since JupyterLab shows an ``image/png`` without its ``alt`` (docs/accessibility.md)
    data = {"text/html": img_tag(png, alt), "image/png": base64.b64encode(png).decode("ascii")}
    return {**data, "text/plain": alt}, {"image/png": {"alt": alt}}


def show(fig: Figure, alt: str | None = None) -> None:
    """Display ``fig`` with ``alt`` (default ``fig.alt_text``) as its text alternative; close it."""
    from IPython.display import display  # lazy: IPython is there wherever a notebook runs

    alt = getattr(fig, "alt_text", None) if alt is None else alt
    if not (isinstance(alt, str) and len(alt.split()) >= 6 and alt.rstrip().endswith(".")):
        raise ValueError(
            "alt must describe the figure in at least one sentence (six words or more, ending "
            f"with a period): what it shows and what to take from it; got {alt!r}"
        )
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=100, bbox_inches="tight")
    plt.close(fig)
    data, metadata = figure_output(buf.getvalue(), alt)
    display(data, metadata=metadata, raw=True)


def _mean_and_range(ax, x, per_seed: list[list[float]], color: str, alpha: float, **line) -> None:
    ax.fill_between(x, [min(v) for v in per_seed], [max(v) for v in per_seed], color=color,
                    alpha=alpha, linewidth=0)  # fmt: skip
    ax.plot(x, [fmean(v) for v in per_seed], color=color, **line)


def plot_weight_histograms(models: Mapping[str, nn.Module], bins: int = 80) -> Figure:
    """Return a figure with one histogram per model of the entries of its ``nn.Linear`` layers'
    weight matrices (no biases), as ``l10_utils.models.weight_norms`` takes them."""
    values = {
        label: torch.cat([mod.weight.detach().flatten().cpu() for mod in m.modules()
                          if isinstance(mod, nn.Linear)])  # fmt: skip
        for label, m in models.items()
    }
    stds = {label: v.std().item() for label, v in values.items()}
    limit = max(v.abs().max().item() for v in values.values())
    with plt.style.context(STYLE):
        fig, ax = plt.subplots(figsize=(7, 4))
        for i, (label, v) in enumerate(values.items()):
            ax.hist(v.numpy(), bins=bins, range=(-limit, limit), histtype="step", linewidth=1.5,
                    color=OKABE_ITO[i % 8], linestyle=_DASHES[i % 8],
                    label=f"{label} (std {stds[label]:.3f})")  # fmt: skip
        ax.set(xlabel="weight value", ylabel="count (log scale)", yscale="log")
        ax.set_title("Distribution of the weights (all weight matrices)")
        ax.legend(fontsize="small")
        fig.tight_layout()
    fig.alt_text = (
        "Histograms of every weight-matrix entry, counts on a log scale: "
        + "; ".join(f"{label}, standard deviation {std:.3f}" for label, std in stds.items())
        + (f". The narrowest is {min(stds, key=stds.get)}." if len(stds) > 1 else ".")
    )
    return fig


def plot_seed_sweep(results: Mapping[float, Mapping[str, list[float]]]) -> Figure:
    """Return a figure of accuracy and loss against λ (log axis): the seeds' mean and range.

    ``results[λ]["train_acc" | "val_acc" | ...]``: one value per seed; λ = 0 is a level line."""
    lams = sorted(lam for lam in results if lam > 0)
    with plt.style.context(STYLE):
        fig, axes = plt.subplots(1, 2, figsize=(11, 3.8))
        for ax, metric, what in ((axes[0], "acc", "accuracy"), (axes[1], "loss", "loss")):
            for i, (split, marker) in enumerate((("train", "o"), ("val", "s"))):
                # green and purple: blue and orange are the λ of the notebooks' other figures
                key, color = f"{split}_{metric}", OKABE_ITO[2 + i]
                _mean_and_range(ax, lams, [results[lam][key] for lam in lams], color, 0.25,
                                marker=marker, linestyle=_DASHES[i],
                                label=f"{split}: mean, seeds' range")  # fmt: skip
                if 0.0 in results:
                    zero = results[0.0][key]
                    ax.axhline(fmean(zero), color=color, linestyle=":",
                               label=f"{split}: λ = 0 (no penalty)")  # fmt: skip
                    ax.axhspan(min(zero), max(zero), color=color, alpha=0.1, linewidth=0)
            ax.set(xscale="log", xlabel="λ (log scale)", ylabel=f"cross-entropy {what}"
                   if metric == "loss" else what, title=f"Validation curve: {what}")  # fmt: skip
            ax.grid(alpha=0.3)
        axes[0].legend(fontsize="small")
        fig.tight_layout()
    seeds = len(results[lams[0]]["val_acc"])
    acc, loss = ({lam: fmean(results[lam][key]) for lam in lams} for key in ("val_acc", "val_loss"))
    best, lowest = max(acc, key=acc.get), min(loss, key=loss.get)
    text = (
        f"Validation curve: accuracy and loss against λ from {lams[0]:g} to {lams[-1]:g} on a "
        f"log axis, training (circles) and validation (squares), the mean of {seeds} seeds with "
        f"their range shaded. The mean validation accuracy is highest at λ = {best:g} "
        f"({acc[best]:.3f}) and {acc[lams[-1]]:.3f} at λ = {lams[-1]:g}; the mean validation "
        f"loss is lowest at λ = {lowest:g} ({loss[lowest]:.3f})."
    )
    if 0.0 in results:
        zero = [fmean(results[0.0][key]) for key in ("val_acc", "val_loss")]
        text += (
            f" Without a penalty (λ = 0, dotted lines) the validation accuracy is {zero[0]:.3f} "
            f"and the loss {zero[1]:.3f}."
        )
    fig.alt_text = text
    return fig


def plot_sweep_curves(sweep: SweepResult, lams: Sequence[float]) -> Figure:
    """Return a figure of loss and accuracy per epoch for some λ: the seeds' mean and range.

    Training solid (the epoch's per-example mean, each before its step), validation dashed."""
    epochs = range(1, len(sweep.per_epoch("train", "loss", lams[0])) + 1)
    every = max(1, len(epochs) // 10)
    with plt.style.context(STYLE):
        fig, axes = plt.subplots(1, 2, figsize=(11, 3.8))
        for i, lam in enumerate(lams):
            for ax, metric in zip(axes, ("loss", "acc"), strict=True):
                for split, style, name in (("train", "-", "training"), ("val", "--", "validation")):
                    _mean_and_range(ax, epochs, sweep.per_epoch(split, metric, lam),
                                    OKABE_ITO[i % 8], 0.2, linestyle=style, marker=MARKERS[i % 8],
                                    markevery=every, label=f"λ = {lam:g}: {name}")  # fmt: skip
        axes[0].set(xlabel="epoch", ylabel="cross-entropy loss (no penalty)", title="Loss")
        axes[1].set(xlabel="epoch", ylabel="accuracy", title="Accuracy")
        for ax in axes:
            ax.grid(alpha=0.3)
        axes[1].legend(fontsize="small")
        fig.tight_layout()
    parts = []
    for i, lam in enumerate(lams):
        val, train = ([fmean(v) for v in sweep.per_epoch(s, "acc", lam)] for s in ("val", "train"))
        peak = max(range(len(val)), key=val.__getitem__)
        parts.append(f"λ = {lam:g} ({MARKER_NAMES[i % 8]}): validation accuracy peaks at epoch "
                     f"{peak + 1} ({val[peak]:.3f}) and ends at {val[-1]:.3f}, training accuracy "
                     f"ends at {train[-1]:.3f}")  # fmt: skip
    seeds = len(sweep.per_epoch("val", "acc", lams[0])[0])
    fig.alt_text = (
        f"Learning curves over {len(epochs)} epochs, loss (left) and accuracy (right), training "
        f"solid and validation dashed, the mean of {seeds} seeds with their range shaded. "
        f"{'; '.join(parts)}."
    )
    return fig
