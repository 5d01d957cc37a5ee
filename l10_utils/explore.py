"""The notebooks' λ explorers: the frames they draw from the notebooks' own results.

Each builder takes what its notebook computed (its minimizers, its ``ridge`` function, its
trained networks), precomputes what the frames need once, and returns an
:class:`~l10_utils.explorer_widget.Explorer`, which shows a λ slider in JupyterLab and Colab
and a static panel of three λ wherever no widget runs (see
:mod:`l10_utils.explorer_widget`). Notebook 1: :func:`ridge_explorer` (MSE contours, the L2
disc, the eigen-directions); notebook 2: :func:`boundary_explorer` (decision regions of
trained networks); notebook 5: :func:`logistic_explorer` (profile-loss contours, the L2 disc
and the L1 diamond), with :func:`l2_path` and :func:`profile_loss`.

**Conventions.** Notebook 1's cost: mean binary cross-entropy + λ/(2n)·Σw² (bias not
penalized), which scikit-learn's ``LogisticRegression(C=1/λ)`` minimizes; its L1 comparison:
mean BCE + λ/n·‖w‖₁. Ridge: the lecture's mean squared error (no ½) + λ/(2n)·‖w‖²,
minimized by (XᵀX + λ/2·I)⁻¹Xᵀy, the same as scikit-learn's ``Ridge(alpha=λ/2)``.
Notebook 2's networks: mean cross-entropy + λ/(2n)·Σ‖W_l‖_F².
"""

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


def _box(points: np.ndarray, margin: float = 0.5) -> tuple[float, float, float, float]:
    """Return (x_lo, x_hi, y_lo, y_hi) around the points and the origin, with a margin."""
    pts = np.vstack([points, np.zeros((1, 2))])
    lo, hi = pts.min(0), pts.max(0)
    pad = margin * max(float(np.abs(pts).max()), 1e-3)
    return lo[0] - pad, hi[0] + pad, lo[1] - pad, hi[1] + pad


def _mesh(box: tuple[float, float, float, float], points: int) -> tuple[np.ndarray, np.ndarray]:
    """Return a meshgrid over the box with about ``points`` points, square cells."""
    x_lo, x_hi, y_lo, y_hi = box
    aspect = (y_hi - y_lo) / (x_hi - x_lo)
    nx = max(int(round(math.sqrt(points / aspect))), 10)
    ny = max(int(round(nx * aspect)), 10)
    return np.meshgrid(np.linspace(x_lo, x_hi, nx), np.linspace(y_lo, y_hi, ny))


def _contour_at(ax: Axes, A1, A2, Z, level: float, **kwargs) -> None:
    """Draw the single contour ``Z = level`` if it lies inside the grid's range."""
    zmin, zmax = float(Z.min()), float(Z.max())
    if zmin + 1e-9 * (zmax - zmin) < level < zmax:
        ax.contour(A1, A2, Z, levels=[level], **kwargs)


# -- notebook 1: logistic regression --------------------------------------------------------
def l2_path(X: Any, y: Any, lams: Sequence[float]) -> tuple[np.ndarray, np.ndarray]:
    """Return (w (K, d), b (K,)) minimizing mean BCE + λ/(2n)·‖w‖² for each λ.

    Notebook 1's fits over a grid: ``conventions.sklearn_logistic(C=1/λ)``
    (``LogisticRegression`` solved to rounding), one fit per λ.
    """
    X = np.asarray(X, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    W, B = [], []
    for lam in lams:
        model = sklearn_logistic(1 / lam)
        model.fit(X, y)
        W.append(model.coef_[0])
        B.append(model.intercept_[0])
    return np.array(W), np.array(B)


def profile_loss(X: Any, y: Any, W: Any) -> tuple[torch.Tensor, torch.Tensor]:
    """Return (min over b of the mean BCE, the minimizing b) for each row of ``W``.

    Newton's method on the 1-D convex problem in b, all rows at once (at most 50 steps; it
    stops once every gradient is below 1e-12). Notebook 5 uses it for the bias of each w.
    """
    X = torch.as_tensor(np.asarray(X, dtype=np.float64))
    y = torch.as_tensor(np.asarray(y, dtype=np.float64))
    Z = X @ torch.as_tensor(np.asarray(W, dtype=np.float64)).T  # (n, number of weight vectors)
    b = torch.zeros(Z.shape[1], dtype=torch.float64)
    for _ in range(50):
        p = torch.sigmoid(Z + b)
        grad = (p - y[:, None]).mean(0)
        if grad.abs().max() < 1e-12:
            break
        b = b - (grad / (p * (1 - p)).mean(0)).clamp(-4, 4)
    logits = Z + b
    loss = torch.nn.functional.binary_cross_entropy_with_logits(
        logits, y[:, None].expand_as(logits), reduction="none"
    ).mean(0)
    return loss, b


def logistic_explorer(
    X: Any,
    y: Any,
    lams: Sequence[float],
    paths: tuple[Any, Any],
) -> Explorer:
    """λ explorer of notebook 5: profile-loss contours, the L2 disc and the L1 diamond.

    Our cost: mean BCE + λ/(2n)·Σw² (bias b not penalized); the L1 comparison: mean BCE +
    λ/n·‖w‖₁. ``paths=(w_l2, w_l1)``: the notebook's L2 and L1 minimizers, two
    (len(lams), 2) arrays, one row per λ. Precomputed once here: the profile loss min_b mean
    BCE on a grid of (w1, w2) and the unpenalized fit. Each frame: the contours, the disc of
    radius ‖w_L2‖ touching its contour, the diamond of size ‖w_L1‖₁ touching its own, both
    solutions; both paths faint.
    ``X`` (n, 2), ``y`` (n,) in {0, 1}.
    """
    X, y = np.asarray(X, dtype=np.float64), np.asarray(y, dtype=np.float64)
    lams = np.sort(np.asarray(lams, dtype=np.float64))
    w_l2, w_l1 = (np.asarray(path, dtype=np.float64) for path in paths)
    w_hat = l2_path(X, y, [1e-8])[0][0]  # practically unpenalized
    box = _box(np.vstack([w_hat[None], w_l2]))
    A1, A2 = _mesh(box, 5000)
    L = profile_loss(X, y, np.stack([A1.ravel(), A2.ravel()], 1))[0].numpy().reshape(A1.shape)
    touch = profile_loss(X, y, np.vstack([w_l2, w_l1]))[0].numpy()
    touch_l2, touch_l1 = touch[: len(lams)], touch[len(lams) :]
    low = float(L.min())
    levels = low + (np.quantile(L, 0.6) - low) * np.geomspace(0.01, 1, 9)
    angle = np.linspace(0, 2 * np.pi, 200)

    def background(axes: list[Axes]) -> None:
        (ax,) = axes
        ax.contour(A1, A2, L, levels=levels, cmap="viridis_r", linewidths=0.6, alpha=0.6)
        ax.plot(*w_l2.T, "-", color="C0", lw=0.8, alpha=0.4)
        ax.plot(*w_l1.T, "-", color="C1", lw=0.8, alpha=0.4)
        ax.plot(*w_hat, "k*", ms=10)
        ax.axhline(0, color="k", lw=0.4)
        ax.axvline(0, color="k", lw=0.4)
        ax.set(xlim=box[:2], ylim=box[2:], aspect="equal", xlabel="w₁", ylabel="w₂")

    def draw(axes: list[Axes], k: int) -> None:
        (ax,) = axes
        _contour_at(ax, A1, A2, L, touch_l2[k], colors="C0", linewidths=1.2)
        _contour_at(ax, A1, A2, L, touch_l1[k], colors="C1", linewidths=1.2, linestyles="--")
        r2, r1 = np.linalg.norm(w_l2[k]), np.abs(w_l1[k]).sum()
        ax.fill(r2 * np.cos(angle), r2 * np.sin(angle), color="C0", alpha=0.2, zorder=0.5)
        ax.fill([r1, 0, -r1, 0], [0, r1, 0, -r1], color="C1", alpha=0.2, zorder=0.5)
        zeros = int((w_l1[k] == 0).sum())
        ax.plot(*w_l2[k], "o", color="C0", label=f"L2: ‖w‖₂ = {r2:.3f}")
        ax.plot(*w_l1[k], "s", color="C1", label=f"L1: ‖w‖₁ = {r1:.3f}, zeros: {zeros}")
        ax.plot([], [], "k*", ms=10, label="unpenalized minimum")
        ax.legend(loc="lower right", fontsize="x-small")

    def describe(k: int) -> str:
        l2, l1 = w_l2[k], w_l1[k]
        zeros = int((l1 == 0).sum())
        return (
            f"The L2 solution w = ({l2[0]:.3f}, {l2[1]:.3f}) lies on a disc of radius "
            f"{np.linalg.norm(l2):.3f}; the L1 solution w = ({l1[0]:.3f}, {l1[1]:.3f}) on a "
            f"diamond of size {np.abs(l1).sum():.3f}, with {zeros} "
            f"weight{'s' if zeros != 1 else ''} exactly 0."
        )

    return Explorer(
        lams,
        draw,
        background=background,
        describe=describe,
        title="Profile-loss contours (best b for each w), L2 disc and L1 diamond",
        frame_size=(6.4, 5.0),
        column_size=(4.4, 3.9),
        static=(1.0, 10.0, 100.0),
        start=10.0,
    )


# -- notebook 1: ridge regression -----------------------------------------------------------
def _as_weights(w: Any) -> np.ndarray:
    """Return ``ridge(lam)``'s result as a float64 array of shape (2,), or raise saying why."""
    if isinstance(w, torch.Tensor):
        w = w.detach().cpu().numpy()
    w = np.asarray(w, dtype=np.float64)
    if w.shape != (2,) or not np.all(np.isfinite(w)):
        raise ValueError(f"ridge(lam) must return two finite weights (w1, w2), got {w!r}")
    return w


def ridge_explorer(
    X: Any,
    y: Any,
    ridge: Callable[[float], Any],
    lams: Sequence[float],
) -> Explorer:
    """λ explorer of the ridge picture: MSE contours, the disc through w_λ, eigen-directions.

    Our cost: mean squared error + λ/(2n)·‖w‖² on centred ``X`` (n, 2) and ``y`` (n,), no
    bias. ``ridge(lam)`` is the notebook's minimizer, called once for λ = 0 and once for each
    λ of ``lams`` before the explorer exists. Each frame: the contours, the disc of radius
    ‖w_λ‖ touching its contour, the path, the eigen-directions v₁ (weak), v₂ (strong) of
    XᵀX, and the fraction of each eigen-component of the least-squares w that w_λ keeps
    (notebook 1 derives it: an exercise).
    """
    X, y = np.asarray(X, dtype=np.float64), np.asarray(y, dtype=np.float64)
    lams = np.sort(np.asarray(lams, dtype=np.float64))
    Xc, yc = X - X.mean(0), y - y.mean()
    n = len(yc)
    w_ols, *path = (_as_weights(ridge(float(lam))) for lam in np.r_[0.0, lams])  # λ = 0: OLS
    path = np.array(path)
    s, V = np.linalg.eigh(Xc.T @ Xc)
    V = V * np.where(V[0] < 0, -1.0, 1.0)  # eigenvectors point right, as in the notebook
    shrink = (path @ V) / (w_ols @ V)  # (K, 2): the fraction of each eigen-component kept
    arrow = 0.5 * float(np.linalg.norm(w_ols))
    box = _box(np.vstack([w_ols[None], path, arrow * V.T, -0.3 * arrow * V.T]), margin=0.25)
    A1, A2 = _mesh(box, 5000)
    G = np.stack([A1.ravel(), A2.ravel()])
    mse = ((yc[:, None] - Xc @ G) ** 2).mean(0).reshape(A1.shape)
    touch = ((yc[None] - path @ Xc.T) ** 2).mean(1)
    low = float(mse.min())
    levels = low + (float(mse.max()) - low) * np.geomspace(0.002, 0.5, 8)
    angle = np.linspace(0, 2 * np.pi, 200)
    names = ("v₁ weak", "v₂ strong")

    def background(axes: list[Axes]) -> None:
        ax, ax2 = axes
        ax.contour(A1, A2, mse, levels=levels, cmap="viridis_r", linewidths=0.6, alpha=0.7)
        ax.plot(*path.T, "k-", lw=0.8, alpha=0.4)
        ax.plot(*w_ols, "k*", ms=10)
        for i in (0, 1):
            ax.annotate(
                "",
                xy=arrow * V[:, i],
                xytext=(0, 0),
                arrowprops={"arrowstyle": "->", "color": f"C{i + 2}"},
            )
            ax.text(*(1.05 * arrow * V[:, i]), f"{names[i]}: s = {s[i]:.1f}", fontsize=7)
        ax.set(xlim=box[:2], ylim=box[2:], aspect="equal", xlabel="w₁", ylabel="w₂")
        for i in (0, 1):
            ax2.semilogx(lams, shrink[:, i], color=f"C{i + 2}", lw=1, label=names[i])
        ax2.set(ylim=(0, 1.05), xlabel="λ (log scale)", ylabel="fraction kept", title=" ")
        ax2.legend(loc="upper right", fontsize="x-small")

    def draw(axes: list[Axes], k: int) -> None:
        ax, ax2 = axes
        w = path[k]
        r = float(np.linalg.norm(w))
        _contour_at(ax, A1, A2, mse, touch[k], colors="C0", linewidths=1.2)
        ax.fill(r * np.cos(angle), r * np.sin(angle), color="C0", alpha=0.2, zorder=0.5)
        ax.plot(*w, "o", color="C0", label=f"ridge: ‖w‖ = {r:.3f}")
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

    return Explorer(
        lams,
        draw,
        background=background,
        describe=describe,
        title=f"Ridge: MSE contours, the L2 disc and the eigen-directions (n = {n})",
        panels=2,
        ratios=(1.5, 1.0),
        frame_size=(9.0, 4.6),
        column_size=(4.4, 6.4),
        static=(3.0, 30.0, 300.0),
        start=30.0,
    )


# -- notebook 2: decision boundaries of trained networks ------------------------------------
def boundary_explorer(
    models_by_lam: Mapping[float, nn.Module],
    X: Any,
    y: Any,
    grid_limits: Sequence[float] | None = None,
    *,
    resolution: int = 120,
) -> Explorer:
    """λ explorer of notebook 2: decision regions of already-trained networks, one per λ.

    ``models_by_lam`` maps λ (>= 0) to a network trained on the cost mean cross-entropy +
    λ/(2n)·Σ‖W_l‖_F² (biases unpenalized), e.g. ``{lam: sweep.model(k) for k, lam in
    enumerate(lams)}``; each maps (m, 2) inputs to 2 logits (or 1). Precomputed once: every
    network's P(class 1) on a ``resolution``-wide grid over ``grid_limits`` = (x1_min, x1_max,
    x2_min, x2_max) (default: the data ± 0.5), its training accuracy on (X, y) and its
    per-layer ‖W‖_F (``weight_norms``). Each frame: the regions, the data, and a bar chart of
    ‖W‖_F per layer (outlined: the smallest λ).
    """
    X, y = np.asarray(X, dtype=np.float64), np.asarray(y, dtype=np.float64)
    lams = np.array(sorted(float(lam) for lam in models_by_lam))
    models = [models_by_lam[lam] for lam in sorted(models_by_lam)]
    if grid_limits is None:
        (x_lo, y_lo), (x_hi, y_hi) = X.min(0) - 0.5, X.max(0) + 0.5
    else:
        x_lo, x_hi, y_lo, y_hi = (float(v) for v in grid_limits)
    ny = max(int(round(resolution * (y_hi - y_lo) / (x_hi - x_lo))), 10)
    A1, A2 = np.meshgrid(np.linspace(x_lo, x_hi, resolution), np.linspace(y_lo, y_hi, ny))
    grid = np.stack([A1.ravel(), A2.ravel()], 1)
    probs, accs, norms = [], [], []
    for model in models:
        p = _prob_class1(model, np.vstack([grid, X]))  # one forward pass: grid and data
        probs.append(p[: len(grid)].reshape(A1.shape))
        accs.append(float(((p[len(grid) :] > 0.5) == (y == 1)).mean()))
        norms.append(weight_norms(model))
    layers = list(norms[0])  # the same architecture for every λ
    heights = np.array([[nm[name] for name in layers] for nm in norms])
    pos = np.arange(len(layers))

    def background(axes: list[Axes]) -> None:
        ax, ax2 = axes
        ax.set(xlim=(x_lo, x_hi), ylim=(y_lo, y_hi), xlabel="x₁", ylabel="x₂", title=" ")
        ax2.bar(pos, heights[0], color="none", edgecolor="0.5", label=f"λ = {format_lam(lams[0])}")
        ax2.set_xticks(pos, [name.removesuffix(".weight") for name in layers])
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
        norms_k = ", ".join(
            f"{name.removesuffix('.weight')} {value:.2f}"
            for name, value in zip(layers, heights[k], strict=True)
        )
        return (
            f"The network's decision regions over the training points (class 0 circles, class "
            f"1 triangles): training accuracy {accs[k]:.2f}, {(probs[k] > 0.5).mean():.0%} of the "
            f"plane predicted as class 1; weight norms per layer: {norms_k}."
        )

    return Explorer(
        lams,
        draw,
        background=background,
        describe=describe,
        title="Decision regions and per-layer weight norms",
        panels=2,
        ratios=(2.2, 1.0),
        frame_size=(8.4, 4.0),
        column_size=(3.5, 5.0),
        start=float(lams[len(lams) // 2]),
    )


def _prob_class1(model: nn.Module, points: np.ndarray) -> np.ndarray:
    """Return the network's P(class 1) at the points (eval mode, no gradients)."""
    param = next(model.parameters())
    was_training = model.training
    model.eval()
    with torch.no_grad():
        logits = model(torch.as_tensor(points, dtype=param.dtype, device=param.device))
    model.train(was_training)
    if logits.shape[1] == 1:
        p = torch.sigmoid(logits[:, 0])
    else:
        p = torch.softmax(logits, dim=1)[:, 1]
    return p.double().cpu().numpy()
