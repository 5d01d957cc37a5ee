"""λ explorers: a slider over a precomputed grid of λ values, with a static fallback figure.

**How it works.** An :class:`Explorer` holds a sorted grid of λ values and two drawing
functions over results computed *once*, before the explorer exists (closed form, or one
vectorized/batched solve over the whole grid): ``background(axes)`` draws what does not
depend on λ, ``draw(axes, k)`` adds what shows λ_k. The widget is an
``ipywidgets.SelectionSlider`` over the grid (labelled λ values) above an
``ipywidgets.Image``. Moving the slider blits frame ``k`` (the background is rendered once
with matplotlib's Agg canvas; each frame restores it and draws only the new artists, about
25 ms here), encodes it as a 256-colour PNG and puts the bytes into the image; each PNG is
cached, so revisiting a frame costs nothing. No pyplot, no ipympl. The callback never solves:
``explorer.solves`` counts the solver runs of the precomputation and stays fixed. The widget
classes used (``SelectionSlider``, ``Image(format="png")``, ``VBox``, ``Layout``) have the same
API in ipywidgets 7.7 (Colab) and 8 (JupyterLab); the unit tests pass with both.

**One output, two representations.** Displaying an explorer (last line of a cell, or
:func:`show`) sends ONE ``display_data`` whose mime bundle holds

- ``application/vnd.jupyter.widget-view+json``: the live slider (model id of the widget box),
- ``image/png``: a static panel of a few λ values side by side (the lesson without a kernel),
- ``text/plain``: a stable one-line description (no addresses, no model ids; nbval compares it).

No ``text/html`` on purpose: nbconvert and JupyterLab rank HTML above PNG, and untrusted
HTML is sanitized. What each frontend shows (read in jupyterlab_widgets 8.1.8, JupyterLab's
OutputArea, nbconvert 7.17, nbclient 0.11 and nbval 0.11; no browser was run):

- **JupyterLab 4 + ipywidgets 8, live kernel:** the widget (its renderer has rank -10, ahead of
  every built-in mime type). **Notebook reopened, not trusted** (a fresh clone, another
  machine, the committed file): the PNG, because JupyterLab only uses "safe" renderers for
  untrusted outputs and the widget renderer is not safe. **Reopened and trusted** (the user's
  own saved run) without saved state for the model: "Error displaying widget: model not found"
  until the cell runs again (the known ipympl-style limitation; nothing in the bundle can
  avoid it). JupyterLab does not save widget state unless "Save Widget State Automatically"
  is switched on (off by default).
- **Colab (ipywidgets 7 frontend), live runtime:** the widget. Colab renders the 7.x core
  widgets (SelectionSlider, Image, VBox) and nothing here needs ipywidgets 8. Not verified in
  a browser here: what Colab shows for a saved widget output without a runtime.
- **nbconvert HTML, nbviewer, GitHub** (GitHub renders with nbconvert): nbconvert's
  ``WidgetsDataTypeFilter`` skips the widget view when its model id is not in
  ``metadata.widgets`` and falls back to the next type in its priority list: the PNG. If the
  model *is* saved, they try to render the widget from state, which on GitHub (no JavaScript)
  shows nothing. So the explorers' models must not stay in a committed notebook's
  ``metadata.widgets``: :func:`strip_widget_state` removes them (and nothing else).
- **PDF/LaTeX export:** its priority list has no widget view: the PNG.
- **nbval:** skips ``application/vnd.jupyter.widget-view+json`` (random model ids) and, without
  ``--nbdime``, ``image/png``; it compares ``text/plain`` exactly, which is stable here.

**Saved widget state.** ``nbclient``/``nbconvert --execute`` (``store_widget_state=True`` by
default) save in ``metadata.widgets`` the last state of every widget the kernel created, each
``Image`` value as base64 buffers, plus every Layout and Style model. An explorer's current
frame is in its Image from the start (a live user sees a picture at once), so one explorer
saves 17-31 kB (measured with nbclient 0.11 and ipywidgets 8.1: 73 kB for the three explorers
of notebooks 1 and 2, mostly the PNGs). :func:`widget_state_size` measures a notebook's
saved state, :func:`saved_explorer_models` lists the explorers in it,
:func:`strip_widget_state` removes them (and only them; other widgets such as progress bars
stay), and :func:`widget_state_metadata` gives what nbclient would save for a widget, for
tests without a kernel. Explorer models are found by the CSS
class ``EXPLORER_CLASS`` on the root box. The static PNG of the output carries the lesson.

**Conventions.** Notebook 1's cost: mean binary cross-entropy + λ/(2n)·Σw² (bias not
penalized), which scikit-learn's ``LogisticRegression(C=1/λ)`` minimizes; its L1 comparison:
mean BCE + λ/n·‖w‖₁. Ridge: ½·mean squared error + λ/(2n)·‖w‖², minimized by
(XᵀX + λI)⁻¹Xᵀy. Notebook 2's networks: mean cross-entropy + λ/(2n)·Σ‖W_l‖_F².
"""

from __future__ import annotations

import base64
import io
import json
import math
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import ipywidgets as widgets
import numpy as np
import torch
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from PIL import Image as PILImage
from sklearn.linear_model import LogisticRegression
from torch import nn

from .models import weight_norms

__all__ = [
    "EXPLORER_CLASS",
    "Explorer",
    "boundary_explorer",
    "format_lam",
    "frame_title",
    "l1_path",
    "l2_path",
    "logistic_explorer",
    "profile_loss",
    "ridge_explorer",
    "ridge_path",
    "saved_explorer_models",
    "show",
    "strip_widget_state",
    "widget_state_metadata",
    "widget_state_size",
]

EXPLORER_CLASS = "l10-explorer"
WIDGET_VIEW_MIME = "application/vnd.jupyter.widget-view+json"
WIDGET_STATE_MIME = "application/vnd.jupyter.widget-state+json"

Draw = Callable[[list[Axes], int], None]
Background = Callable[[list[Axes]], None]


def format_lam(lam: float, digits: int = 3) -> str:
    """Return λ with ``digits`` significant digits: 0.0158, 3.16, 1000, 100000; 1e-08, 2.5e+06."""
    if lam == 0:
        return "0"
    if 1e-3 <= abs(lam) < 1e6:
        return np.format_float_positional(lam, precision=digits, fractional=False, trim="-")
    return np.format_float_scientific(lam, precision=digits - 1, trim="-")


def _check_lams(lams: Any, *, positive: bool) -> np.ndarray:
    """Return the λ grid as a sorted float64 array, or raise ValueError saying what to pass."""
    try:
        arr = np.asarray(lams, dtype=np.float64)
    except (TypeError, ValueError) as err:
        raise ValueError(f"lams must be a list of numbers, got {lams!r}") from err
    if arr.ndim != 1 or arr.size < 2:
        raise ValueError(
            f"lams must be a 1-D list of at least two λ values, e.g. np.logspace(-2, 5, 36); "
            f"got shape {arr.shape}"
        )
    if not np.all(np.isfinite(arr)):
        raise ValueError("lams must be finite numbers (no nan or inf)")
    if positive and np.any(arr <= 0):
        raise ValueError(
            f"every λ must be > 0 on this log-scale grid (smallest given: {arr.min():g}); "
            "use e.g. np.logspace(-2, 5, 36)"
        )
    if np.any(arr < 0):
        raise ValueError(f"every λ must be >= 0 (smallest given: {arr.min():g})")
    arr = np.sort(arr)
    if np.any(np.diff(arr) == 0):
        raise ValueError("lams must not repeat a value")
    return arr


def _encode_png(canvas: FigureCanvasAgg) -> bytes:
    """Return the canvas as a compact PNG: a 256-colour palette (about 3x smaller than RGBA)."""
    rgba = np.asarray(canvas.buffer_rgba())
    image = PILImage.fromarray(rgba[..., :3].copy())
    palette = image.quantize(256, method=2)  # 2: Image.Quantize.FASTOCTREE (any Pillow)
    buf = io.BytesIO()
    palette.save(buf, format="png")
    return buf.getvalue()


def frame_title(ax: Axes, text: str) -> None:
    """Write a per-frame axes title (a new artist; reserve space with ``ax.set_title(" ")``)."""
    ax.text(0.5, 1.01, text, transform=ax.transAxes, ha="center", va="bottom")


class Explorer:
    """A λ slider over precomputed results, drawn as PNG frames, with a static fallback.

    ``background(axes)`` draws what does not depend on λ (contours, paths, axis limits and
    labels) once; ``draw(axes, k)`` adds what shows λ = ``lams[k]``. Both get a list of
    ``panels`` axes and must only read precomputed results; ``draw`` must not change limits or
    existing artists (a frame is the background with the new artists blitted on top; write
    per-frame axes titles with :func:`frame_title`). ``solves`` is the number of solver runs the
    results took (reported, never increased by the slider). ``static`` lists the λ values
    (nearest grid points) of the static panel; ``ratios`` sets the relative panel sizes
    (widths in a frame, heights in a column of the static panel).
    """

    def __init__(
        self,
        lams: Sequence[float] | np.ndarray,
        draw: Draw,
        *,
        background: Background | None = None,
        title: str,
        panels: int = 1,
        ratios: Sequence[float] | None = None,
        frame_size: tuple[float, float] = (6.5, 5.0),
        column_size: tuple[float, float] | None = None,
        static: Sequence[float] | None = None,
        start: float | None = None,
        solves: int = 0,
        dpi: float = 72,
        positive: bool = False,
    ) -> None:
        self.lams = _check_lams(lams, positive=positive)
        if not callable(draw) or (background is not None and not callable(background)):
            raise ValueError(
                "draw must be a function draw(axes, k) and background a function background(axes)"
            )
        if not isinstance(panels, int) or panels < 1:
            raise ValueError(f"panels must be a positive int, got {panels!r}")
        self.ratios = [float(r) for r in ratios] if ratios is not None else [1.0] * panels
        if len(self.ratios) != panels or min(self.ratios) <= 0:
            raise ValueError(f"ratios must give {panels} positive sizes, got {ratios!r}")
        self._draw = draw
        self._background = background
        self.title = title
        self.panels = panels
        self.frame_size = frame_size
        self.column_size = column_size or (frame_size[0] * 0.75, frame_size[1] * 0.9)
        self.dpi = dpi
        self.solves = solves
        self.drawn: list[int] = []  # grid indices of the frames drawn, in order (cache misses)
        self.labels = self._unique_labels()
        if static is None:
            static_idx = np.unique(np.linspace(0, len(self.lams) - 1, 3).round().astype(int))
        else:
            static_idx = np.unique([self.nearest(lam) for lam in static])
        self.static_indices = [int(k) for k in static_idx]
        self._index = self.nearest(start) if start is not None else len(self.lams) // 2
        self._frames: dict[int, bytes] = {}
        self._static_png: bytes | None = None
        self._canvas: tuple | None = None
        self._widget: widgets.VBox | None = None

    # -- the grid -------------------------------------------------------------------------
    def _unique_labels(self) -> list[str]:
        for digits in range(3, 10):
            labels = [format_lam(lam, digits) for lam in self.lams]
            if len(set(labels)) == len(labels):
                return labels
        return [repr(float(lam)) for lam in self.lams]

    def nearest(self, lam: float) -> int:
        """Return the index of the grid λ nearest to ``lam`` (on a log scale where possible)."""
        lam = float(lam)
        if not math.isfinite(lam) or lam < 0:
            raise ValueError(f"λ must be a finite number >= 0, got {lam}")
        if lam > 0 and self.lams[0] > 0:
            return int(np.argmin(np.abs(np.log(self.lams) - math.log(lam))))
        return int(np.argmin(np.abs(self.lams - lam)))

    def label(self, k: int) -> str:
        """Return ``"λ = <value>"`` for grid index ``k``."""
        return f"λ = {self.labels[self._check_index(k)]}"

    @property
    def index(self) -> int:
        """The grid index shown now."""
        return self._index

    @property
    def lam(self) -> float:
        """The λ shown now."""
        return float(self.lams[self._index])

    def _check_index(self, k: int) -> int:
        if isinstance(k, bool) or not isinstance(k, (int, np.integer)):
            raise ValueError(f"k must be an int grid index, got {k!r}")
        if not 0 <= k < len(self.lams):
            raise ValueError(f"k must be in 0..{len(self.lams) - 1}, got {k}")
        return int(k)

    # -- drawing ---------------------------------------------------------------------------
    def _frame_axes(self) -> tuple[Figure, list[Axes]]:
        fig = Figure(figsize=self.frame_size, dpi=self.dpi, layout="constrained")
        axes = list(fig.subplots(1, self.panels, width_ratios=self.ratios, squeeze=False)[0])
        if self._background is not None:
            self._background(axes)
        fig.suptitle(f"{self.title}\n ", fontsize="medium")  # second line: the λ label
        return fig, axes

    def _label_artist(self, fig: Figure, k: int, y: float) -> None:
        fig.text(0.5, y, self.label(k), ha="center", va="bottom", fontsize="medium")

    def figure(self, k: int) -> Figure:
        """Return frame ``k`` as a new matplotlib Figure (drawn in full; not shown by pyplot)."""
        k = self._check_index(k)
        fig, axes = self._frame_axes()
        self._draw(axes, k)
        self._label_artist(fig, k, self._label_y(fig))
        return fig

    @staticmethod
    def _label_y(fig: Figure) -> float:
        """Return the figure height fraction of the suptitle's (blank) second line."""
        canvas = fig.canvas if isinstance(fig.canvas, FigureCanvasAgg) else FigureCanvasAgg(fig)
        canvas.draw()
        box = fig._suptitle.get_window_extent(canvas.get_renderer())
        return float(box.y0 / fig.bbox.height) + 0.005

    def _frame_canvas(self) -> tuple:
        """Return (canvas, axes, saved background, label y), drawn once per explorer."""
        if self._canvas is None:
            fig, axes = self._frame_axes()
            canvas = FigureCanvasAgg(fig)
            label_y = self._label_y(fig)  # draws the figure: constrained layout runs once
            fig.set_layout_engine("none")  # freeze it: frames add artists only
            self._canvas = (canvas, axes, canvas.copy_from_bbox(fig.bbox), label_y)
        return self._canvas

    def _render(self, k: int) -> bytes:
        """Draw frame k: restore the background, draw the new artists on it, encode, clean up."""
        canvas, axes, background, label_y = self._frame_canvas()
        fig = canvas.figure
        before = [set(ax.get_children()) for ax in axes]
        before_fig = set(fig.get_children())

        def added() -> tuple[list, list]:
            new = [
                (ax, artist)
                for ax, old in zip(axes, before, strict=True)
                for artist in ax.get_children()
                if artist not in old
            ]
            return new, [a for a in fig.get_children() if a not in before_fig]

        try:
            self._draw(axes, k)
            self._label_artist(fig, k, label_y)
            new, new_fig = added()
            canvas.restore_region(background)
            for ax, artist in sorted(new, key=lambda pair: pair[1].get_zorder()):
                ax.draw_artist(artist)
            for artist in new_fig:
                fig.draw_artist(artist)
            return _encode_png(canvas)
        finally:  # the background figure stays clean, even if draw failed half-way
            new, new_fig = added()
            for artist in [a for _, a in new] + new_fig:
                artist.remove()

    def frame_png(self, k: int) -> bytes:
        """Return frame ``k`` as PNG bytes, drawn once and then cached."""
        k = self._check_index(k)
        if k not in self._frames:
            self._frames[k] = self._render(k)
            self.drawn.append(k)
        return self._frames[k]

    def static_figure(self) -> Figure:
        """Return the static panel: one column per λ of ``static_indices``, side by side."""
        m = len(self.static_indices)
        width, height = self.column_size
        fig = Figure(figsize=(width * m, height), dpi=self.dpi, layout="constrained")
        for sub, k in zip(fig.subfigures(1, m), self.static_indices, strict=True):
            axes = list(
                sub.subplots(self.panels, 1, height_ratios=self.ratios, squeeze=False)[:, 0]
            )
            if self._background is not None:
                self._background(axes)
            self._draw(axes, k)
            sub.suptitle(self.label(k), fontsize="medium")
        fig.suptitle(self.title, fontsize="large")
        return fig

    def static_png(self) -> bytes:
        """Return the static panel as PNG bytes (cached)."""
        if self._static_png is None:
            canvas = FigureCanvasAgg(self.static_figure())
            canvas.draw()
            self._static_png = _encode_png(canvas)
        return self._static_png

    # -- the widget ------------------------------------------------------------------------
    def _build(self) -> widgets.VBox:
        slider = widgets.SelectionSlider(
            options=list(zip(self.labels, range(len(self.lams)), strict=True)),
            value=self._index,
            description="λ",
            continuous_update=True,
            readout=True,
            layout=widgets.Layout(width="95%", max_width="40em"),
        )
        # shown at the PNG's own size: a box stretches its children, which would blur the frame
        width = round(self.frame_size[0] * self.dpi)
        image = widgets.Image(
            value=self.frame_png(self._index),
            format="png",
            layout=widgets.Layout(width=f"{width}px", height="auto"),
        )
        slider.observe(self._on_slider, names="value")
        box = widgets.VBox([slider, image])
        box.add_class(EXPLORER_CLASS)
        return box

    def _on_slider(self, change: dict) -> None:
        """Slider callback: show the cached (or newly drawn) frame; never solves."""
        k = self._check_index(change["new"])
        self._index = k
        self.image.value = self.frame_png(k)

    @property
    def widget(self) -> widgets.VBox:
        """The ipywidgets box (slider above image), created on first use."""
        if self._widget is None:
            self._widget = self._build()
        return self._widget

    @property
    def slider(self) -> widgets.SelectionSlider:
        """The λ slider; its value is the grid index."""
        return self.widget.children[0]

    @property
    def image(self) -> widgets.Image:
        """The image widget showing the current frame."""
        return self.widget.children[1]

    def set_index(self, k: int) -> None:
        """Move to grid index ``k`` as the slider does (updates slider, image and ``index``)."""
        k = self._check_index(k)
        if self._widget is None:
            self._index = k
        else:
            self.slider.value = k  # fires _on_slider when it changes

    def set_lam(self, lam: float) -> None:
        """Move to the grid λ nearest to ``lam``."""
        self.set_index(self.nearest(lam))

    # -- display ---------------------------------------------------------------------------
    def __repr__(self) -> str:
        shown = ", ".join(self.labels[k] for k in self.static_indices)
        return (
            f"<λ explorer: {self.title.splitlines()[0]}; {len(self.lams)} λ from "
            f"{self.labels[0]} to {self.labels[-1]}; static panel at λ = {shown}>"
        )

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, Any]:
        """One bundle: the live widget, the static PNG panel and a stable text line."""
        return {
            "text/plain": repr(self),
            "image/png": base64.b64encode(self.static_png()).decode("ascii"),
            WIDGET_VIEW_MIME: {
                "version_major": 2,
                "version_minor": 0,
                "model_id": self.widget.model_id,
            },
        }


def show(explorer: Explorer) -> None:
    """Display the explorer (widget + static PNG + text, one output) from anywhere in a cell."""
    from IPython.display import display

    display(explorer)


# -- saved widget state ---------------------------------------------------------------------
def _notebook(nb: Mapping | str | Path) -> Mapping:
    if isinstance(nb, (str, Path)):
        return json.loads(Path(nb).read_text(encoding="utf-8"))
    return nb


def widget_state_size(nb: Mapping | str | Path) -> int:
    """Return ``len(json.dumps(nb.metadata.widgets))``: the bytes of saved widget state."""
    return len(json.dumps(_notebook(nb).get("metadata", {}).get("widgets", {})))


def _refs(value: Any) -> set[str]:
    """Return the model ids a widget state refers to (``"IPY_MODEL_<id>"`` strings)."""
    if isinstance(value, str):
        return {value[len("IPY_MODEL_") :]} if value.startswith("IPY_MODEL_") else set()
    if isinstance(value, Mapping):
        return set().union(*(_refs(v) for v in value.values())) if value else set()
    if isinstance(value, (list, tuple)):
        return set().union(*(_refs(v) for v in value)) if value else set()
    return set()


def _reach(roots: set[str], state: Mapping) -> set[str]:
    seen: set[str] = set()
    stack = list(roots)
    while stack:
        mid = stack.pop()
        if mid in seen or mid not in state:
            continue
        seen.add(mid)
        stack.extend(_refs(state[mid].get("state", {})))
    return seen


def _saved_models(nb: Mapping) -> dict:
    entry = nb.get("metadata", {}).get("widgets", {}).get(WIDGET_STATE_MIME, {})
    return entry.get("state", {})


def saved_explorer_models(nb: Mapping | str | Path) -> list[str]:
    """Return the model ids of explorer boxes saved in the notebook's widget state."""
    state = _saved_models(_notebook(nb))
    return sorted(
        mid
        for mid, model in state.items()
        if EXPLORER_CLASS in model.get("state", {}).get("_dom_classes", ())
    )


def strip_widget_state(nb: Mapping, *, everything: bool = False) -> int:
    """Remove explorer models (box, slider, image, their layouts and styles) from saved state.

    Other widgets (progress bars) stay, unless ``everything``. ``metadata.widgets`` goes when
    nothing is left (GitHub refuses to render a ``metadata.widgets`` without ``"state"``).
    Changes ``nb`` in place and returns the number of bytes removed.
    """
    before = widget_state_size(nb)
    metadata = nb.get("metadata", {})
    if "widgets" not in metadata:
        return 0
    state = _saved_models(nb)
    if everything:
        state.clear()
    else:
        drop = _reach(set(saved_explorer_models(nb)), state)
        keep = _reach(set(state) - drop, state)
        for mid in drop - keep:
            del state[mid]
    if not state:
        del metadata["widgets"]
    return before - widget_state_size(nb)


def widget_state_metadata(widget: widgets.Widget) -> dict:
    """Return the ``metadata.widgets`` that nbclient would save for ``widget`` and its children.

    Mirrors ``nbclient.NotebookClient.set_widgets_metadata``: every model's full state, binary
    values (an Image's PNG) as base64 buffers. For size tests without running a kernel.
    """
    from ipywidgets.widgets.widget import _remove_buffers

    found: dict[str, widgets.Widget] = {}
    stack = [widget]
    while stack:
        w = stack.pop()
        if w.model_id in found:
            continue
        found[w.model_id] = w
        for name in w.keys:
            value = getattr(w, name)
            for item in value if isinstance(value, (list, tuple)) else (value,):
                if isinstance(item, widgets.Widget):
                    stack.append(item)
    state = {}
    for mid, w in found.items():
        plain, paths, buffers = _remove_buffers(w.get_state())
        entry = {
            "model_name": plain.get("_model_name"),
            "model_module": plain.get("_model_module"),
            "model_module_version": plain.get("_model_module_version"),
            "state": json.loads(json.dumps(plain)),
        }
        if buffers:
            entry["buffers"] = [
                {
                    "data": base64.b64encode(bytes(buf)).decode("utf-8"),
                    "encoding": "base64",
                    "path": path,
                }
                for path, buf in zip(paths, buffers, strict=True)
            ]
        state[mid] = entry
    return {WIDGET_STATE_MIME: {"state": state, "version_major": 2, "version_minor": 0}}


# -- data checks ----------------------------------------------------------------------------
def _as_2d_data(X: Any, y: Any) -> tuple[np.ndarray, np.ndarray]:
    """Return (X float64 (n, 2), y float64 (n,)) or raise ValueError saying what to pass."""
    if isinstance(X, torch.Tensor):
        X = X.detach().cpu().numpy()
    if isinstance(y, torch.Tensor):
        y = y.detach().cpu().numpy()
    X = np.asarray(X, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    if X.ndim != 2 or X.shape[1] != 2:
        raise ValueError(
            f"X must have shape (n, 2): two features, one row per example; got {X.shape}"
        )
    if y.shape != (X.shape[0],):
        raise ValueError(f"y must have shape (n,) = ({X.shape[0]},) to match X; got {y.shape}")
    if X.shape[0] < 2:
        raise ValueError("X needs at least two examples")
    if not (np.all(np.isfinite(X)) and np.all(np.isfinite(y))):
        raise ValueError("X and y must be finite (no nan or inf)")
    return X, y


def _check_binary(y: np.ndarray) -> None:
    if not np.all((y == 0) | (y == 1)) or len(np.unique(y)) != 2:
        raise ValueError("y must hold labels 0 and 1, both present")


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

    Mirrors notebook 1's ``sklearn_fit``: ``LogisticRegression(C=1/λ, solver="newton-cg",
    tol=1e-12)``, one fit per λ.
    """
    X = np.asarray(X, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    W, B = [], []
    for lam in lams:
        model = LogisticRegression(C=1 / lam, solver="newton-cg", tol=1e-12, max_iter=100_000)
        model.fit(X, y)
        W.append(model.coef_[0])
        B.append(model.intercept_[0])
    return np.array(W), np.array(B)


def l1_path(
    X: Any, y: Any, lams: Sequence[float], lr: float = 0.5, steps: int = 3000
) -> tuple[torch.Tensor, torch.Tensor]:
    """Return (w (K, d), b (K,)) minimizing mean BCE + λ/n·‖w‖₁ for every λ at once.

    Proximal gradient (a gradient step, then soft-thresholding), vectorized over λ: the same
    computation as notebook 1's ``l1_path`` (float64 tensors).
    """
    X = torch.as_tensor(np.asarray(X, dtype=np.float64))
    y = torch.as_tensor(np.asarray(y, dtype=np.float64))
    n, d = X.shape
    lam_n = torch.as_tensor(np.asarray(lams, dtype=np.float64))[:, None] / n
    w = torch.zeros(len(lam_n), d, dtype=torch.float64)
    b = torch.zeros(len(lam_n), dtype=torch.float64)
    for _ in range(steps):
        residual = torch.sigmoid(X @ w.T + b) - y[:, None]  # (n, number of lams)
        w, b = w - lr * residual.T @ X / n, b - lr * residual.mean(0)  # gradient step
        w = w.sign() * (w.abs() - lr * lam_n).clamp(min=0)  # soft-thresholding
    return w, b


def profile_loss(X: Any, y: Any, W: Any, steps: int = 50) -> tuple[torch.Tensor, torch.Tensor]:
    """Return (min over b of the mean BCE, the minimizing b) for each row of ``W``.

    Newton's method on the 1-D convex problem in b, all rows at once, as notebook 1's
    ``profile_loss`` (stops once every gradient is below 1e-12).
    """
    X = torch.as_tensor(np.asarray(X, dtype=np.float64))
    y = torch.as_tensor(np.asarray(y, dtype=np.float64))
    Z = X @ torch.as_tensor(np.asarray(W, dtype=np.float64)).T  # (n, number of weight vectors)
    b = torch.zeros(Z.shape[1], dtype=torch.float64)
    for _ in range(steps):
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
    lams: Sequence[float] | None = None,
    *,
    static: Sequence[float] = (1.0, 10.0, 100.0),
    start: float = 10.0,
    paths: tuple[Any, Any] | None = None,
) -> Explorer:
    """λ explorer of notebook 1: profile-loss contours, the L2 disc and the L1 diamond.

    Our cost: mean BCE + λ/(2n)·Σw² (bias b not penalized); the L1 comparison: mean BCE +
    λ/n·‖w‖₁. Precomputed once: the L2 minimizer for every λ (scikit-learn, as the notebook),
    the L1 minimizers (one vectorized proximal-gradient run), the profile loss min_b mean BCE
    on a grid of (w1, w2). Each frame: the contours, the disc of radius ‖w_L2‖ touching its
    contour, the diamond of size ‖w_L1‖₁ touching its own, both solutions; both paths faint.
    ``X`` (n, 2), ``y`` (n,) in {0, 1}; ``lams`` default: ``np.logspace(-2, 5, 36)``.
    ``paths=(w_l2, w_l1)``, two (len(lams), 2) arrays already computed (notebook 1 has
    them), skips the two path computations.
    """
    X, y = _as_2d_data(X, y)
    _check_binary(y)
    lams = _check_lams(np.logspace(-2, 5, 36) if lams is None else lams, positive=True)
    if paths is None:
        w_l2, w_l1 = l2_path(X, y, lams)[0], l1_path(X, y, lams)[0].numpy()
        solves = len(lams) + 1
    else:
        w_l2, w_l1 = (np.asarray(path, dtype=np.float64) for path in paths)
        if w_l2.shape != (len(lams), 2) or w_l1.shape != (len(lams), 2):
            raise ValueError(
                f"paths must be two arrays of shape ({len(lams)}, 2), one row per λ; got "
                f"{w_l2.shape} and {w_l1.shape}"
            )
        solves = 0
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

    return Explorer(
        lams,
        draw,
        background=background,
        title="Profile-loss contours (best b for each w), L2 disc and L1 diamond",
        frame_size=(6.4, 5.0),
        column_size=(4.4, 3.9),
        static=static,
        start=start,
        solves=solves + 1 + 2,  # the paths (unless given), unpenalized fit, 2 profile runs
        positive=True,
    )


# -- notebook 1: ridge regression -----------------------------------------------------------
def ridge_path(X: Any, y: Any, lams: Sequence[float]) -> np.ndarray:
    """Return w (K, d) = (XᵀX + λI)⁻¹Xᵀy for each λ, from one eigendecomposition of XᵀX.

    The minimizer of ½·mean squared error + λ/(2n)·‖w‖² for centred X and y (no bias), as
    notebook 1's ``ridge``.
    """
    X = np.asarray(X, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    s, V = np.linalg.eigh(X.T @ X)
    coef = V.T @ (X.T @ y)  # Xᵀy in the eigenbasis
    lams = np.asarray(lams, dtype=np.float64)
    return (coef / (s + lams[:, None])) @ V.T


def ridge_explorer(
    X: Any,
    y: Any,
    lams: Sequence[float] | None = None,
    *,
    static: Sequence[float] = (3.0, 30.0, 300.0),
    start: float = 30.0,
) -> Explorer:
    """λ explorer of the ridge picture: ½·MSE contours, the disc through w_λ, eigen-directions.

    Our cost: ½·mean squared error + λ/(2n)·‖w‖²; X and y are centred here (no bias), so
    w_λ = (XᵀX + λI)⁻¹Xᵀy in closed form for the whole grid at once. Each frame: the contours,
    the disc of radius ‖w_λ‖ touching its contour, the path, the eigen-directions v₁ (weak),
    v₂ (strong) of XᵀX, and the shrinkage factors s_i/(s_i + λ) of the two eigen-components.
    ``X`` (n, 2), ``y`` (n,); ``lams`` default: ``np.logspace(-1, 4, 40)``.
    """
    X, y = _as_2d_data(X, y)
    lams = _check_lams(np.logspace(-1, 4, 40) if lams is None else lams, positive=False)
    Xc, yc = X - X.mean(0), y - y.mean()
    n = len(yc)
    s, V = np.linalg.eigh(Xc.T @ Xc)
    V = V * np.where(V[0] < 0, -1.0, 1.0)  # eigenvectors point right, as in the notebook
    path = ridge_path(Xc, yc, lams)
    w_ols = ridge_path(Xc, yc, [0.0])[0]
    shrink = s / (s + lams[:, None])  # (K, 2)
    arrow = 0.5 * float(np.linalg.norm(w_ols))
    box = _box(np.vstack([w_ols[None], path, arrow * V.T, -0.3 * arrow * V.T]), margin=0.25)
    A1, A2 = _mesh(box, 5000)
    G = np.stack([A1.ravel(), A2.ravel()])
    mse = (((yc[:, None] - Xc @ G) ** 2).mean(0) / 2).reshape(A1.shape)
    touch = ((yc[None] - path @ Xc.T) ** 2).mean(1) / 2
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
            ax.text(*(1.05 * arrow * V[:, i]), f"{names[i]}: s = {s[i]:.0f}", fontsize=7)
        ax.set(xlim=box[:2], ylim=box[2:], aspect="equal", xlabel="w₁", ylabel="w₂")
        for i in (0, 1):
            ax2.semilogx(lams, shrink[:, i], color=f"C{i + 2}", lw=1, label=names[i])
        ax2.set(ylim=(0, 1.05), xlabel="λ (log scale)", ylabel="shrinkage s/(s+λ)", title=" ")
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

    return Explorer(
        lams,
        draw,
        background=background,
        title=f"Ridge: ½·MSE contours, the L2 disc and the eigen-directions (n = {n})",
        panels=2,
        ratios=(1.5, 1.0),
        frame_size=(9.0, 4.6),
        column_size=(4.4, 6.4),
        static=static,
        start=start,
        solves=1,  # one eigendecomposition gives the whole path
    )


# -- notebook 2: decision boundaries of trained networks ------------------------------------
def boundary_explorer(
    models_by_lam: Mapping[float, nn.Module],
    X: Any,
    y: Any,
    grid_limits: Sequence[float] | None = None,
    *,
    resolution: int = 120,
    static: Sequence[float] | None = None,
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
    if not isinstance(models_by_lam, Mapping) or len(models_by_lam) < 2:
        raise ValueError("models_by_lam must map at least two λ values to trained networks")
    if not all(isinstance(m, nn.Module) for m in models_by_lam.values()):
        raise ValueError("every value of models_by_lam must be a torch nn.Module")
    X, y = _as_2d_data(X, y)
    _check_binary(y)
    lams = _check_lams(list(models_by_lam), positive=False)
    by_float = {float(k): m for k, m in models_by_lam.items()}
    models = [by_float[float(lam)] for lam in lams]
    if grid_limits is None:
        (x_lo, y_lo), (x_hi, y_hi) = X.min(0) - 0.5, X.max(0) + 0.5
    else:
        try:
            x_lo, x_hi, y_lo, y_hi = (float(v) for v in grid_limits)
        except (TypeError, ValueError) as err:
            raise ValueError(
                "grid_limits must be four numbers (x1_min, x1_max, x2_min, x2_max)"
            ) from err
        if not (x_lo < x_hi and y_lo < y_hi):
            raise ValueError(f"grid_limits need x1_min < x1_max and x2_min < x2_max: {grid_limits}")
    if not isinstance(resolution, int) or resolution < 10:
        raise ValueError(f"resolution must be an int >= 10 (grid points across), got {resolution}")
    ny = max(int(round(resolution * (y_hi - y_lo) / (x_hi - x_lo))), 10)
    A1, A2 = np.meshgrid(np.linspace(x_lo, x_hi, resolution), np.linspace(y_lo, y_hi, ny))
    grid = np.stack([A1.ravel(), A2.ravel()], 1)
    probs, accs, norms = [], [], []
    for model in models:
        p = _prob_class1(model, np.vstack([grid, X]))  # one forward pass: grid and data
        probs.append(p[: len(grid)].reshape(A1.shape))
        accs.append(float(((p[len(grid) :] > 0.5) == (y == 1)).mean()))
        norms.append(weight_norms(model))
    layers = list(norms[0])
    if not layers or any(list(nm) != layers for nm in norms):
        raise ValueError("every network needs the same weight matrices (the same architecture)")
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
        ax.scatter(*X.T, c=y, cmap="RdBu_r", edgecolors="k", s=14, vmin=0, vmax=1)
        frame_title(ax, f"training accuracy {accs[k]:.2f}")
        ax2.bar(pos, heights[k], color="C0", alpha=0.8, width=0.6, label="this λ")
        ax2.legend(loc="upper right", fontsize="x-small")
        frame_title(ax2, "‖W‖_F per layer")

    return Explorer(
        lams,
        draw,
        background=background,
        title="Decision regions and per-layer weight norms",
        panels=2,
        ratios=(2.2, 1.0),
        frame_size=(8.4, 4.0),
        column_size=(3.5, 5.0),
        static=static,
        start=float(lams[len(lams) // 2]),
        solves=len(models),  # one forward pass over the grid per network
    )


def _prob_class1(model: nn.Module, points: np.ndarray) -> np.ndarray:
    """Return the network's P(class 1) at the points (eval mode, no gradients)."""
    param = next(model.parameters(), None)
    dtype = param.dtype if param is not None else torch.float32
    device = param.device if param is not None else torch.device("cpu")
    was_training = model.training
    model.eval()
    try:
        with torch.no_grad():
            logits = model(torch.as_tensor(points, dtype=dtype, device=device))
    finally:
        model.train(was_training)
    if logits.ndim != 2 or logits.shape[1] not in (1, 2):
        raise ValueError(
            "boundary_explorer draws binary classifiers: each network must output 2 logits "
            f"(or 1) per point; got output shape {tuple(logits.shape)}"
        )
    if logits.shape[1] == 1:
        p = torch.sigmoid(logits[:, 0])
    else:
        p = torch.softmax(logits, dim=1)[:, 1]
    return p.double().cpu().numpy()
