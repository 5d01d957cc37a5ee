"""The λ explorer widget: a slider over a precomputed grid of λ values, with a static panel.

The notebooks' explorers are built by :mod:`l10_utils.explore`. An :class:`Explorer` draws
each frame from results computed once, before it exists: the background (what does not
depend on λ) is rendered once, and each frame draws only its own artists on it (blitting: a
full redraw, layout included, took about 20 times longer here). Each frame is a PNG
``<img>`` with its text alternative, cached. Displaying an explorer sends one output that
holds the live widget, a static panel of three λ (HTML with alt text, and PNG) and a stable
text line. Why, and what each frontend shows: docs/package.md, "The λ explorers".
"""

from __future__ import annotations

import io
import math
from collections.abc import Callable, Sequence
from typing import Any

import ipywidgets as widgets
import matplotlib.style
import numpy as np
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from PIL import Image as PILImage

from .plotting import STYLE, figure_output, img_tag

WIDGET_VIEW_MIME = "application/vnd.jupyter.widget-view+json"
# The CSS class on every explorer's root box: how the browser test finds explorers.
EXPLORER_CLASS = "l10-explorer"


def format_lam(lam: float, digits: int = 3) -> str:
    """Return λ with ``digits`` significant digits: 0.0158, 3.16, 1000, 100000; 1e-08, 2.5e+06."""
    if lam == 0:
        return "0"
    if 1e-3 <= abs(lam) < 1e6:
        return np.format_float_positional(lam, precision=digits, fractional=False, trim="-")
    return np.format_float_scientific(lam, precision=digits - 1, trim="-")


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
    per-frame axes titles with :func:`frame_title`). ``static`` lists the λ values
    (nearest grid points) of the static panel; ``ratios`` sets the relative panel sizes
    (widths in a frame, heights in a column of the static panel). ``describe(k)`` says, in
    words and numbers, what frame ``k`` shows: the text alternative of each frame and of the
    static panel.
    """

    dpi = 72  # pixels per inch of every frame and of the static panel

    def __init__(
        self,
        lams: Sequence[float] | np.ndarray,
        draw: Callable[[list[Axes], int], None],
        *,
        background: Callable[[list[Axes]], None] | None = None,
        title: str,
        panels: int = 1,
        ratios: Sequence[float] | None = None,
        frame_size: tuple[float, float] = (6.5, 5.0),
        column_size: tuple[float, float] | None = None,
        static: Sequence[float] | None = None,
        start: float | None = None,
        describe: Callable[[int], str] | None = None,
    ) -> None:
        self.lams = np.sort(np.asarray(lams, dtype=np.float64))
        self.ratios = [float(r) for r in ratios] if ratios is not None else [1.0] * panels
        self._draw = draw
        self._background = background
        self._describe = describe
        self.title = title
        self.panels = panels
        self.frame_size = frame_size
        self.column_size = column_size or (frame_size[0] * 0.75, frame_size[1] * 0.9)
        self.drawn: list[int] = []  # grid indices of the frames drawn, in order (cache misses)
        self.labels = self._unique_labels()
        if static is None:
            static_idx = np.unique(np.linspace(0, len(self.lams) - 1, 3).round().astype(int))
        else:
            static_idx = np.unique([self.nearest(lam) for lam in static])
        self.static_indices = [int(k) for k in static_idx]
        #: the grid index shown now
        self.index = self.nearest(start) if start is not None else len(self.lams) // 2
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
        if lam > 0 and self.lams[0] > 0:
            return int(np.argmin(np.abs(np.log(self.lams) - math.log(lam))))
        return int(np.argmin(np.abs(self.lams - lam)))

    def label(self, k: int) -> str:
        """Return ``"λ = <value>"`` for grid index ``k``."""
        return f"λ = {self.labels[k]}"

    # -- drawing ---------------------------------------------------------------------------
    def _frame_axes(self) -> tuple[Figure, list[Axes], float]:
        """A frame's figure with its background, laid out once, and the y of its λ label."""
        with matplotlib.style.context(STYLE):
            fig = Figure(figsize=self.frame_size, dpi=self.dpi, layout="constrained")
            axes = list(fig.subplots(1, self.panels, width_ratios=self.ratios, squeeze=False)[0])
            if self._background is not None:
                self._background(axes)
            title = fig.suptitle(f"{self.title}\n ", fontsize="medium")  # line 2: the λ label
        FigureCanvasAgg(fig).draw()  # constrained layout runs once ...
        fig.set_layout_engine("none")  # ... and is frozen: frames add artists only
        return fig, axes, float(title.get_window_extent().y0 / fig.bbox.height) + 0.005

    def _label_artist(self, fig: Figure, k: int, y: float) -> None:
        fig.text(0.5, y, self.label(k), ha="center", va="bottom", fontsize="medium")

    def figure(self, k: int) -> Figure:
        """Return frame ``k`` as a new matplotlib Figure (drawn in full; not shown by pyplot)."""
        fig, axes, label_y = self._frame_axes()
        with matplotlib.style.context(STYLE):
            self._draw(axes, k)
        self._label_artist(fig, k, label_y)
        return fig

    def _frame_canvas(self) -> tuple:
        """Return (canvas, axes, saved background, label y), drawn once per explorer."""
        if self._canvas is None:
            fig, axes, label_y = self._frame_axes()
            self._canvas = (fig.canvas, axes, fig.canvas.copy_from_bbox(fig.bbox), label_y)
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
            with matplotlib.style.context(STYLE):
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
        if k not in self._frames:
            self._frames[k] = self._render(k)
            self.drawn.append(k)
        return self._frames[k]

    def static_figure(self) -> Figure:
        """Return the static panel: one column per λ of ``static_indices``, side by side."""
        m = len(self.static_indices)
        width, height = self.column_size
        with matplotlib.style.context(STYLE):
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

    # -- text alternatives -----------------------------------------------------------------
    def frame_alt(self, k: int) -> str:
        """Return the text alternative of frame ``k``: the title, λ and what the frame shows."""
        shown = f" {self._describe(k)}" if self._describe is not None else ""
        return f"{self.title} at {self.label(k)}.{shown}"

    def static_alt(self) -> str:
        """Return the text alternative of the static panel: each of its λ in turn."""
        labels = ", ".join(self.label(k) for k in self.static_indices)
        parts = [
            f"At {self.label(k)}: {self._describe(k)}"
            for k in self.static_indices
            if self._describe is not None
        ]
        return " ".join([f"{self.title}, side by side for {labels}.", *parts])

    # -- the widget ------------------------------------------------------------------------
    def _build(self) -> widgets.VBox:
        slider = widgets.SelectionSlider(
            options=list(zip(self.labels, range(len(self.lams)), strict=True)),
            value=self.index,
            description="λ",
            continuous_update=True,
            readout=True,
            layout=widgets.Layout(width="95%", max_width="40em"),
        )
        image = widgets.HTML(value=self.frame_html(self.index))
        slider.observe(self._on_slider, names="value")
        box = widgets.VBox([slider, image])
        box.add_class(EXPLORER_CLASS)
        return box

    def _on_slider(self, change: dict) -> None:
        """Slider callback: show the cached (or newly drawn) frame; never solves."""
        k = self.index = change["new"]
        self.image.value = self.frame_html(k)

    def frame_html(self, k: int) -> str:
        """Return frame ``k`` as an ``<img>`` at its own pixel width, with its text alternative."""
        width = round(self.frame_size[0] * self.dpi)  # its own size: a stretched frame blurs
        return img_tag(self.frame_png(k), self.frame_alt(k), width=width)

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
    def image(self) -> widgets.HTML:
        """The widget showing the current frame (an ``<img>`` with its ``alt``)."""
        return self.widget.children[1]

    def set_index(self, k: int) -> None:
        """Move to grid index ``k`` as the slider does (updates slider, image and ``index``)."""
        if self._widget is None:
            self.index = k
        else:
            self.slider.value = k  # fires _on_slider when it changes

    # -- display ---------------------------------------------------------------------------
    def __repr__(self) -> str:
        shown = ", ".join(self.labels[k] for k in self.static_indices)
        return (
            f"<λ explorer: {self.title.splitlines()[0]}; {len(self.lams)} λ from "
            f"{self.labels[0]} to {self.labels[-1]}; static panel at λ = {shown}>"
        )

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> tuple[dict, dict]:
        """One bundle: the live widget, the static panel (HTML with alt text, PNG), a text line."""
        data, metadata = figure_output(self.static_png(), self.static_alt())
        data["text/plain"] = repr(self)  # the stable line nbval compares
        data[WIDGET_VIEW_MIME] = {
            "version_major": 2,
            "version_minor": 0,
            "model_id": self.widget.model_id,
        }
        return data, metadata
