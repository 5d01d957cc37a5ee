"""The λ explorer: a slider over precomputed results, and a static panel (docs/package.md)."""

from __future__ import annotations

import io
import math
from collections.abc import Callable, Sequence
from functools import cached_property
from typing import Any

import ipywidgets as widgets
import matplotlib.style
import numpy as np
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from PIL import Image

from .plotting import STYLE, figure_output, img_tag

WIDGET_VIEW_MIME = "application/vnd.jupyter.widget-view+json"
EXPLORER_CLASS = "l10-explorer"  # the CSS class of every explorer's box: the browser test's key


def format_lam(lam: float, digits: int = 3) -> str:
    """Return λ with ``digits`` significant digits: 0.0158, 3.16, 1000, 100000; 1e-08, 2.5e+06."""
    if lam == 0:
        return "0"
    if 1e-3 <= abs(lam) < 1e6:
        return np.format_float_positional(lam, precision=digits, fractional=False, trim="-")
    return np.format_float_scientific(lam, precision=digits - 1, trim="-")


def frame_title(ax: Axes, text: str) -> None:
    """Write a per-frame axes title (a new artist; reserve space with ``ax.set_title(" ")``)."""
    ax.text(0.5, 1.01, text, transform=ax.transAxes, ha="center", va="bottom")


def _png(canvas: FigureCanvasAgg) -> bytes:
    image = Image.fromarray(np.asarray(canvas.buffer_rgba())[..., :3].copy())
    buf = io.BytesIO()  # 256 colours: about 3x smaller than RGBA; 2: FASTOCTREE (any Pillow)
    image.quantize(256, method=2).save(buf, format="png")
    return buf.getvalue()


class Explorer:
    """A λ slider over precomputed results: each frame a cached PNG with its text alternative.

    ``background(axes)``: what λ does not change; ``draw(axes, k)`` only adds artists for
    ``lams[k]`` (blitted on the background); ``describe(k)``: frame k in words; ``ratios``:
    panel widths in a frame, heights in a static column; ``static``: the static panel's λ."""

    dpi = 72  # pixels per inch of every frame and of the static panel

    def __init__(
        self,
        lams: Sequence[float] | np.ndarray,
        draw: Callable[[list[Axes], int], None],
        *,
        background: Callable[[list[Axes]], None],
        describe: Callable[[int], str],
        title: str,
        ratios: Sequence[float] = (1.0,),
        frame_size: tuple[float, float] = (6.5, 5.0),
        column_size: tuple[float, float] = (4.4, 3.9),
        static: Sequence[float] | None = None,
    ) -> None:
        self.lams = np.sort(np.asarray(lams, dtype=np.float64))
        self._draw, self._background, self._describe = draw, background, describe
        self.title, self.ratios, self.panels = title, ratios, len(ratios)
        self.frame_size, self.column_size = frame_size, column_size
        for digits in range(3, 18):  # the slider's labels, as short as they can be and unique
            self.labels = [format_lam(lam, digits) for lam in self.lams]
            if len(set(self.labels)) == len(self.labels):
                break
        static = self.lams[[0, len(self.lams) // 2, -1]] if static is None else static
        self.static_indices = sorted({self.nearest(lam) for lam in static})
        self.index = self.static_indices[len(self.static_indices) // 2]  # the grid index shown
        self.drawn: list[int] = []  # the frames drawn, in order (each once: then cached)
        self._frames: dict[int, bytes] = {}
        self._blit: tuple | None = None

    def nearest(self, lam: float) -> int:
        """Return the index of the grid λ nearest to ``lam`` (on a log scale where possible)."""
        if lam > 0 and self.lams[0] > 0:
            return int(np.argmin(np.abs(np.log(self.lams) - math.log(lam))))
        return int(np.argmin(np.abs(self.lams - lam)))

    def label(self, k: int) -> str:
        """Return ``"λ = <value>"`` for grid index ``k``."""
        return f"λ = {self.labels[k]}"

    # -- drawing ---------------------------------------------------------------------------
    def _laid_out(self) -> tuple[Figure, list[Axes], float, Any]:
        with matplotlib.style.context(STYLE):
            fig = Figure(figsize=self.frame_size, dpi=self.dpi, layout="constrained")
            axes = list(fig.subplots(1, self.panels, width_ratios=self.ratios, squeeze=False)[0])
            self._background(axes)
            title = fig.suptitle(f"{self.title}\n ", fontsize="medium")  # line 2: the λ label
        FigureCanvasAgg(fig).draw()  # constrained layout runs once, then frames add artists
        fig.set_layout_engine("none")
        label_y = title.get_window_extent().y0 / fig.bbox.height + 0.005
        return fig, axes, label_y, fig.canvas.copy_from_bbox(fig.bbox)  # the background, blitted

    def _draw_frame(self, axes: list[Axes], k: int) -> None:
        with matplotlib.style.context(STYLE):
            for ax in axes:
                ax.set_prop_cycle(None)  # every frame starts the style's cycle afresh
            self._draw(axes, k)

    def _add_frame(self, fig: Figure, axes: list[Axes], label_y: float, k: int) -> None:
        self._draw_frame(axes, k)
        fig.text(0.5, label_y, self.label(k), ha="center", va="bottom", fontsize="medium")

    def figure(self, k: int) -> Figure:
        """Return frame ``k`` as a new matplotlib Figure."""
        fig, axes, label_y, _ = self._laid_out()
        self._add_frame(fig, axes, label_y, k)
        return fig

    def frame_png(self, k: int) -> bytes:
        """Return frame ``k`` as PNG bytes: its artists blitted on the background, cached."""
        if k in self._frames:
            return self._frames[k]
        self._blit = self._blit or self._laid_out()
        fig, axes, label_y, background = self._blit
        before = {parent: set(parent.get_children()) for parent in [fig, *axes]}
        containers = [len(ax.containers) for ax in axes]  # bar() adds one, for the legend

        def added() -> list:
            return [a for p, old in before.items() for a in p.get_children() if a not in old]

        try:
            self._add_frame(fig, axes, label_y, k)
            fig.canvas.restore_region(background)
            for artist in sorted(added(), key=lambda artist: artist.get_zorder()):
                fig.draw_artist(artist)
            self._frames[k] = _png(fig.canvas)
        finally:  # the background stays clean, even if draw failed half-way
            for artist in added():
                artist.remove()
            for ax, n in zip(axes, containers, strict=True):
                del ax.containers[n:]
        self.drawn.append(k)
        return self._frames[k]

    def static_figure(self) -> Figure:
        """Return the static panel: one column per λ of ``static_indices``, side by side."""
        m, (width, height) = len(self.static_indices), self.column_size
        with matplotlib.style.context(STYLE):
            fig = Figure(figsize=(width * m, height), dpi=self.dpi, layout="constrained")
            for sub, k in zip(fig.subfigures(1, m), self.static_indices, strict=True):
                axes = [*sub.subplots(self.panels, height_ratios=self.ratios, squeeze=False).flat]
                self._background(axes)
                self._draw_frame(axes, k)
                sub.suptitle(self.label(k), fontsize="medium")
            fig.suptitle(self.title, fontsize="large")
        return fig

    @cached_property
    def static_png(self) -> bytes:
        """The static panel as PNG bytes."""
        canvas = FigureCanvasAgg(self.static_figure())
        canvas.draw()
        return _png(canvas)

    # -- text alternatives -----------------------------------------------------------------
    def frame_alt(self, k: int) -> str:
        """Return the text alternative of frame ``k``: the title, λ and what the frame shows."""
        return f"{self.title} at {self.label(k)}. {self._describe(k)}"

    def static_alt(self) -> str:
        """Return the text alternative of the static panel: each of its λ in turn."""
        labels = ", ".join(self.label(k) for k in self.static_indices)
        parts = [f"At {self.label(k)}: {self._describe(k)}" for k in self.static_indices]
        return " ".join([f"{self.title}, side by side for {labels}.", *parts])

    # -- the widget ------------------------------------------------------------------------
    @cached_property
    def widget(self) -> widgets.VBox:
        """The ipywidgets box: the λ slider above the frame."""
        return widgets.VBox([self.slider, self.image], _dom_classes=[EXPLORER_CLASS])

    @cached_property
    def slider(self) -> widgets.SelectionSlider:
        """The λ slider; its value is the grid index."""
        opts = list(zip(self.labels, range(len(self.lams)), strict=True))
        layout = widgets.Layout(width="95%", max_width="40em")
        slider = widgets.SelectionSlider(
            options=opts, value=self.index, description="λ", layout=layout
        )
        slider.observe(self._on_slider, names="value")
        return slider

    @cached_property
    def image(self) -> widgets.HTML:
        """The frame shown: an ``<img>`` with its ``alt``."""
        return widgets.HTML(value=self.frame_html(self.index))

    def _on_slider(self, change: dict) -> None:  # shows a cached (or new) frame; never solves
        k = self.index = change["new"]
        self.image.value = self.frame_html(k)

    def frame_html(self, k: int) -> str:
        """Return frame ``k`` as an ``<img>`` at its own pixel width, with its text alternative."""
        width = round(self.frame_size[0] * self.dpi)  # its own size: a stretched frame blurs
        return img_tag(self.frame_png(k), self.frame_alt(k), width=width)

    def set_index(self, k: int) -> None:
        """Move the slider to grid index ``k``, as a student does."""
        self.slider.value = k

    # -- display ---------------------------------------------------------------------------
    def __repr__(self) -> str:
        shown = ", ".join(self.labels[k] for k in self.static_indices)
        return (f"<λ explorer: {self.title}; {len(self.lams)} λ from {self.labels[0]} to "
                f"{self.labels[-1]}; static panel at λ = {shown}>")  # fmt: skip

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> tuple[dict, dict]:
        """One bundle: the live widget, the static panel (HTML with alt text, PNG), a text line."""
        data, metadata = figure_output(self.static_png, self.static_alt())
        view = {"version_major": 2, "version_minor": 0, "model_id": self.widget.model_id}
        data |= {"text/plain": repr(self), WIDGET_VIEW_MIME: view}  # text: the line nbval compares
        return data, metadata
