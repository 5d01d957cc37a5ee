"""The lecture's pictures as λ explorers (notebooks 1, 2, 5), drawn from the notebooks' results."""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import numpy as np
import torch
from matplotlib.axes import Axes
from torch import nn

from .conventions import sklearn_logistic
from .explorer_widget import Explorer, format_lam, frame_title
from .models import weight_norms

CIRCLE = np.linspace(0, 2 * np.pi, 200)


def _plane(points: np.ndarray, margin: float) -> tuple[tuple, np.ndarray, np.ndarray]:
    points = np.vstack([points, np.zeros((1, 2))])  # the origin in view too
    pad = margin * max(float(np.abs(points).max()), 1e-3)
    (x_lo, y_lo), (x_hi, y_hi) = points.min(0) - pad, points.max(0) + pad
    aspect = (y_hi - y_lo) / (x_hi - x_lo)  # about 5000 points, square cells
    nx = max(int(round(math.sqrt(5000 / aspect))), 10)
    ny = max(int(round(nx * aspect)), 10)
    A1, A2 = np.meshgrid(np.linspace(x_lo, x_hi, nx), np.linspace(y_lo, y_hi, ny))
    return (x_lo, x_hi, y_lo, y_hi), A1, A2


def _weight_axes(ax: Axes, box: tuple, minimum: np.ndarray) -> None:
    ax.plot(*minimum, "k*", ms=10)
    ax.set(xlim=box[:2], ylim=box[2:], aspect="equal", xlabel="w₁", ylabel="w₂")


def _contour_at(ax: Axes, A1, A2, Z, level: float, **kwargs) -> None:
    if Z.min() + 1e-9 * (Z.max() - Z.min()) < level < Z.max():  # inside the grid's range
        ax.contour(A1, A2, Z, levels=[level], **kwargs)


# -- notebook 5: logistic regression, L2 against L1 ------------------------------------------
def l2_path(X: Any, y: Any, lams: Sequence[float]) -> tuple[np.ndarray, np.ndarray]:
    """Return (w (K, d), b (K,)) minimizing mean BCE + λ/(2n)·‖w‖² for each λ (scikit-learn)."""
    X, y = np.asarray(X, dtype=np.float64), np.asarray(y, dtype=np.float64)
    fits = [sklearn_logistic(1 / lam).fit(X, y) for lam in lams]
    return np.array([f.coef_[0] for f in fits]), np.array([f.intercept_[0] for f in fits])


def profile_loss(X: Any, y: Any, W: Any) -> tuple[torch.Tensor, torch.Tensor]:
    """Return (min over b of the mean BCE, the minimizing b) per row of ``W``: Newton in b."""
    X, y, W = (torch.as_tensor(np.asarray(a, dtype=np.float64)) for a in (X, y, W))
    Z, y = X @ W.T, y[:, None]  # Z: (n, number of rows of W)
    b = torch.zeros(Z.shape[1], dtype=torch.float64)
    for _ in range(50):
        p = torch.sigmoid(Z + b)
        grad = (p - y).mean(0)
        if grad.abs().max() < 1e-12:
            break
        b = b - (grad / (p * (1 - p)).mean(0)).clamp(-4, 4)
    loss = torch.nn.functional.binary_cross_entropy_with_logits(
        Z + b, y.expand_as(Z), reduction="none"
    ).mean(0)
    return loss, b


def logistic_explorer(X: Any, y: Any, lams: Sequence[float], paths: tuple[Any, Any]) -> Explorer:
    """λ explorer of notebook 5: profile-loss contours, the L2 disc and the L1 diamond.

    ``paths``: rows per λ minimizing mean BCE + λ/(2n)·Σw² and + λ/n·‖w‖₁ (b unpenalized)."""
    w_l2, w_l1 = (np.asarray(path, dtype=np.float64) for path in paths)
    w_hat = l2_path(X, y, [1e-8])[0][0]  # practically unpenalized
    box, A1, A2 = _plane(np.vstack([w_hat[None], w_l2]), 0.5)
    L = profile_loss(X, y, np.stack([A1.ravel(), A2.ravel()], 1))[0].numpy().reshape(A1.shape)
    touch_l2, touch_l1 = profile_loss(X, y, np.vstack([w_l2, w_l1]))[0].numpy().reshape(2, -1)
    levels = L.min() + (np.quantile(L, 0.6) - L.min()) * np.geomspace(0.01, 1, 9)
    zeros = (w_l1 == 0).sum(1)  # the L1 weights exactly 0, per λ

    def background(axes: list[Axes]) -> None:
        (ax,) = axes
        ax.contour(A1, A2, L, levels=levels, cmap="viridis_r", linewidths=0.6, alpha=0.6)
        ax.plot(*w_l2.T, "-", color="C0", lw=0.8, alpha=0.4)
        ax.plot(*w_l1.T, "-", color="C1", lw=0.8, alpha=0.4)
        _weight_axes(ax, box, w_hat)
        ax.axhline(0, color="k", lw=0.4)
        ax.axvline(0, color="k", lw=0.4)

    def draw(axes: list[Axes], k: int) -> None:
        (ax,) = axes
        _contour_at(ax, A1, A2, L, touch_l2[k], colors="C0", linewidths=1.2)
        _contour_at(ax, A1, A2, L, touch_l1[k], colors="C1", linewidths=1.2, linestyles="--")
        r2, r1 = np.linalg.norm(w_l2[k]), np.abs(w_l1[k]).sum()
        ax.fill(r2 * np.cos(CIRCLE), r2 * np.sin(CIRCLE), color="C0", alpha=0.2, zorder=0.5)
        ax.fill([r1, 0, -r1, 0], [0, r1, 0, -r1], color="C1", alpha=0.2, zorder=0.5)
        ax.plot(*w_l2[k], "o", color="C0", label=f"L2: ‖w‖₂ = {r2:.3f}")
        ax.plot(*w_l1[k], "s", color="C1", label=f"L1: ‖w‖₁ = {r1:.3f}, zeros: {zeros[k]}")
        ax.plot([], [], "k*", ms=10, label="unpenalized minimum")
        ax.legend(loc="lower right", fontsize="x-small")

    def describe(k: int) -> str:
        l2, l1 = w_l2[k], w_l1[k]
        return (
            f"The L2 solution w = ({l2[0]:.3f}, {l2[1]:.3f}) lies on a disc of radius "
            f"{np.linalg.norm(l2):.3f}; the L1 solution w = ({l1[0]:.3f}, {l1[1]:.3f}) on a "
            f"diamond of size {np.abs(l1).sum():.3f}, with {zeros[k]} "
            f"weight{'s' if zeros[k] != 1 else ''} exactly 0."
        )

    title = "Profile-loss contours (best b for each w), L2 disc and L1 diamond"
    return Explorer(lams, draw, background=background, describe=describe, title=title,
                    frame_size=(6.4, 5.0), static=(1.0, 10.0, 100.0))  # fmt: skip


# -- notebook 1: ridge regression -----------------------------------------------------------
def ridge_explorer(
    X: Any, y: Any, ridge: Callable[[float], Any], lams: Sequence[float]
) -> Explorer:
    """λ explorer of notebook 1's ridge: MSE contours, the disc through w_λ, eigen-directions.

    Cost: MSE + λ/(2n)·‖w‖², centred X (n, 2), no bias; ``ridge(lam)`` called for 0 and each λ."""
    Xc, yc = (a - a.mean(0) for a in (np.asarray(v, dtype=np.float64) for v in (X, y)))
    lams = np.sort(np.asarray(lams, dtype=np.float64))
    w_ols, *path = (_as_weights(ridge(float(lam))) for lam in np.r_[0.0, lams])  # λ = 0: OLS
    path = np.array(path)
    s, V = np.linalg.eigh(Xc.T @ Xc)
    V = V * np.where(V[0] < 0, -1.0, 1.0)  # eigenvectors point right, as in the notebook
    shrink = (path @ V) / (w_ols @ V)  # (K, 2): the fraction of each eigen-component kept
    arrow = 0.5 * float(np.linalg.norm(w_ols))
    box, A1, A2 = _plane(np.vstack([w_ols[None], path, arrow * V.T, -0.3 * arrow * V.T]), 0.25)
    mse = ((yc[:, None] - Xc @ np.stack([A1.ravel(), A2.ravel()])) ** 2).mean(0).reshape(A1.shape)
    touch = ((yc[None] - path @ Xc.T) ** 2).mean(1)
    levels = mse.min() + (mse.max() - mse.min()) * np.geomspace(0.002, 0.5, 8)
    names = ("v₁ weak", "v₂ strong")

    def background(axes: list[Axes]) -> None:
        ax, ax2 = axes
        ax.contour(A1, A2, mse, levels=levels, cmap="viridis_r", linewidths=0.6, alpha=0.7)
        ax.plot(*path.T, "k-", lw=0.8, alpha=0.4)
        _weight_axes(ax, box, w_ols)
        for i in (0, 1):
            arrowprops = {"arrowstyle": "->", "color": f"C{i + 2}"}
            ax.annotate("", xy=arrow * V[:, i], xytext=(0, 0), arrowprops=arrowprops)
            ax.text(*(1.05 * arrow * V[:, i]), f"{names[i]}: s = {s[i]:.1f}", fontsize=7)
            ax2.semilogx(lams, shrink[:, i], color=f"C{i + 2}", lw=1, label=names[i])
        ax2.set(ylim=(0, 1.05), xlabel="λ (log scale)", ylabel="fraction kept", title=" ")
        ax2.legend(loc="upper right", fontsize="x-small")

    def draw(axes: list[Axes], k: int) -> None:
        ax, ax2 = axes
        r = np.linalg.norm(path[k])
        _contour_at(ax, A1, A2, mse, touch[k], colors="C0", linewidths=1.2)
        ax.fill(r * np.cos(CIRCLE), r * np.sin(CIRCLE), color="C0", alpha=0.2, zorder=0.5)
        ax.plot(*path[k], "o", color="C0", label=f"ridge: ‖w‖ = {r:.3f}")
        ax.plot([], [], "k*", ms=10, label="least squares (λ = 0)")
        ax.legend(loc="lower left", fontsize="x-small")
        ax2.axvline(lams[k], color="k", lw=0.5)
        for i in (0, 1):
            ax2.plot(lams[k], shrink[k, i], "o", color=f"C{i + 2}")
        frame_title(ax2, f"kept: v₁ {shrink[k, 0]:.0%}, v₂ {shrink[k, 1]:.0%}")

    def describe(k: int) -> str:
        w = path[k]
        return (
            f"The disc of radius {np.linalg.norm(w):.3f} touches the lowest MSE contour at "
            f"w = ({w[0]:.3f}, {w[1]:.3f}); the weak eigen-direction (s = {s[0]:.1f}) keeps "
            f"{shrink[k, 0]:.0%} of its least-squares size, the strong one (s = {s[1]:.1f}) "
            f"{shrink[k, 1]:.0%}."
        )

    title = f"Ridge: MSE contours, the L2 disc and the eigen-directions (n = {len(yc)})"
    return Explorer(lams, draw, background=background, describe=describe, title=title,
                    ratios=(1.5, 1.0), frame_size=(9.0, 4.6), column_size=(4.4, 6.4),
                    static=(3.0, 30.0, 300.0))  # fmt: skip


def _as_weights(w: Any) -> np.ndarray:
    w = torch.as_tensor(w, dtype=torch.float64).detach().cpu().numpy()
    if w.shape != (2,) or not np.all(np.isfinite(w)):
        raise ValueError(f"ridge(lam) must return two finite weights (w1, w2), got {w!r}")
    return w


# -- notebook 2: decision boundaries of trained networks ------------------------------------
def boundary_explorer(
    models_by_lam: Mapping[float, nn.Module],
    X: Any,
    y: Any,
    grid_limits: Sequence[float],
    *,
    resolution: int = 120,
) -> Explorer:
    """λ explorer of notebook 2: one network per λ, its decision regions and per-layer norms."""
    X, y = np.asarray(X, dtype=np.float64), np.asarray(y, dtype=np.float64)
    lams = sorted(models_by_lam)
    x_lo, x_hi, y_lo, y_hi = (float(v) for v in grid_limits)
    ny = max(int(round(resolution * (y_hi - y_lo) / (x_hi - x_lo))), 10)
    A1, A2 = np.meshgrid(np.linspace(x_lo, x_hi, resolution), np.linspace(y_lo, y_hi, ny))
    grid = np.stack([A1.ravel(), A2.ravel()], 1)
    probs, accs = [], []
    for lam in lams:
        p = _prob_class1(models_by_lam[lam], np.vstack([grid, X]))  # the grid and the data
        probs.append(p[: len(grid)].reshape(A1.shape))
        accs.append(float(((p[len(grid) :] > 0.5) == (y == 1)).mean()))
    # one architecture for all λ: the first network names the layers
    layers = [name.removesuffix(".weight") for name in weight_norms(models_by_lam[lams[0]])]
    heights = np.array([list(weight_norms(models_by_lam[lam]).values()) for lam in lams])
    pos = np.arange(len(layers))

    def background(axes: list[Axes]) -> None:
        ax, ax2 = axes
        ax.set(xlim=(x_lo, x_hi), ylim=(y_lo, y_hi), xlabel="x₁", ylabel="x₂", title=" ")
        ax2.bar(pos, heights[0], color="none", edgecolor="0.5", label=f"λ = {format_lam(lams[0])}")
        ax2.set_xticks(pos, layers)
        ax2.set(ylim=(0, 1.15 * float(heights.max())), ylabel="‖W‖_F", title=" ")

    def draw(axes: list[Axes], k: int) -> None:
        ax, ax2 = axes
        ax.contourf(A1, A2, probs[k], levels=[0, 0.5, 1], cmap="RdBu_r", alpha=0.3, zorder=0.5)
        _contour_at(ax, A1, A2, probs[k], 0.5, colors="k", linewidths=1)
        for label, marker in ((0, "o"), (1, "^")):
            ax.scatter(*X[y == label].T, c=y[y == label], cmap="RdBu_r", marker=marker,
                       edgecolors="k", s=16, vmin=0, vmax=1)  # fmt: skip
        frame_title(ax, f"training accuracy {accs[k]:.2f}")
        ax2.bar(pos, heights[k], color="C0", alpha=0.8, width=0.6, label="this λ")
        ax2.legend(loc="upper right", fontsize="x-small")
        frame_title(ax2, "‖W‖_F per layer")

    def describe(k: int) -> str:
        norms_k = ", ".join(f"{name} {v:.2f}" for name, v in zip(layers, heights[k], strict=True))
        return (
            f"The network's decision regions over the training points (class 0 circles, class "
            f"1 triangles): training accuracy {accs[k]:.2f}, {(probs[k] > 0.5).mean():.0%} of the "
            f"plane predicted as class 1; weight norms per layer: {norms_k}."
        )

    return Explorer(lams, draw, background=background, describe=describe,
                    title="Decision regions and per-layer weight norms", ratios=(2.2, 1.0),
                    frame_size=(8.4, 4.0), column_size=(3.5, 5.0))  # fmt: skip


def _prob_class1(model: nn.Module, points: np.ndarray) -> np.ndarray:
    param = next(model.parameters())
    was_training = model.training
    model.eval()
    with torch.no_grad():
        logits = model(torch.as_tensor(points, dtype=param.dtype, device=param.device))
    model.train(was_training)
    p = torch.sigmoid(logits[:, 0]) if logits.shape[1] == 1 else torch.softmax(logits, 1)[:, 1]
    return p.double().cpu().numpy()
