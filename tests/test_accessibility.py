"""Readable by every student: text alternatives, colours for every colour vision, structure.

- Every figure stored in a solution notebook carries a text alternative of a sentence or more,
  as the ``alt`` of an HTML ``<img>`` (what JupyterLab, Colab and nbconvert render and a
  screen reader reads) and in the PNG's metadata.
- Headings: one H1 per notebook, no level skipped; links say where they go; tables have a
  header row.
- The lines of a multi-line figure stay distinguishable under simulated deuteranopia,
  protanopia and tritanopia (Machado, Oliveira & Fernandes 2009, severity 1), and in the
  figures' own markers and line styles.

axe-core's checks of the rendered notebooks run in the browser tests
(``tests/browser/test_solution_notebooks.py``).
"""

from __future__ import annotations

import html
import itertools
import re

import matplotlib.pyplot as plt
import nbformat
import numpy as np
import pytest
from IPython.core.interactiveshell import InteractiveShell
from matplotlib.lines import Line2D
from notebook_files import SOLUTIONS, STUDENT

from l10_utils import plotting
from l10_utils.sweep import train_sweep

ALL = SOLUTIONS + STUDENT


def is_description(text: str | None) -> bool:
    """A sentence or more: at least six words, ending with a full stop."""
    return bool(text) and len(text.split()) >= 6 and text.rstrip().endswith(".")


def image_outputs(path):
    nb = nbformat.read(path, 4)
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            if "image/png" in out.get("data", {}):
                yield out


@pytest.mark.parametrize("path", SOLUTIONS, ids=lambda p: p.stem)
def test_every_stored_figure_has_a_text_alternative_of_a_sentence(path):
    for out in image_outputs(path):
        page = out["data"].get("text/html", "")
        found = re.fullmatch(
            r'<img src="data:image/png;base64,[A-Za-z0-9+/=]+" alt="([^"]*)">', page
        )
        assert found, f"{path.name}: a figure without an HTML <img alt=...>: {page[:80]!r}"
        alt = html.unescape(found.group(1))
        assert is_description(alt), f"{path.name}: alt text too short: {alt!r}"
        assert out["metadata"]["image/png"]["alt"] == alt
        assert re.search(r"\d", alt), f"{path.name}: an alt text without its numbers: {alt!r}"


def test_the_notebooks_show_figures_at_all():
    assert sum(len(list(image_outputs(path))) for path in SOLUTIONS) >= 10


def headings(nb) -> list[tuple[int, str]]:
    """(level, text) of every markdown heading, in order, code blocks left out."""
    found = []
    for cell in nb.cells:
        if cell.cell_type != "markdown":
            continue
        fenced = False
        for line in cell.source.splitlines():
            if line.lstrip().startswith("```"):
                fenced = not fenced
            match = None if fenced else re.match(r"(#{1,6}) (.+)", line)
            if match:
                found.append((len(match.group(1)), match.group(2)))
    return found


@pytest.mark.parametrize("path", ALL, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_one_h1_and_no_skipped_heading_level(path):
    levels = [level for level, _ in headings(nbformat.read(path, 4))]
    assert levels[0] == 1 and levels.count(1) == 1, levels
    for before, after in itertools.pairwise(levels):
        assert after <= before + 1, f"{path.name}: a heading of level {after} after {before}"


@pytest.mark.parametrize("path", ALL, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_links_say_where_they_go_and_tables_have_a_header_row(path):
    for cell in nbformat.read(path, 4).cells:
        if cell.cell_type != "markdown":
            continue
        for text in re.findall(r"\[([^\]]+)\]\([^)]+\)", cell.source):
            assert text.strip().lower() not in {"here", "this", "link", "click here", "more"}
        lines = cell.source.splitlines()
        for i, line in enumerate(lines):
            starts_table = line.startswith("|") and (i == 0 or not lines[i - 1].startswith("|"))
            if starts_table:
                assert i + 1 < len(lines) and re.fullmatch(r"\|(\s*:?-+:?\s*\|)+", lines[i + 1])


def test_show_puts_the_text_alternative_in_html_png_metadata_and_text():
    shell = InteractiveShell.instance()
    published = []
    shell.display_pub.publish = lambda data, metadata=None, **kw: published.append((data, metadata))
    fig, ax = plt.subplots()
    ax.plot([0, 1], [1, 0])
    plotting.show(fig, alt='A falling line from (0, 1) to (1, 0), "steep".')
    ((data, metadata),) = published
    assert data["text/plain"] == 'A falling line from (0, 1) to (1, 0), "steep".'
    assert data["text/html"].endswith(
        'alt="A falling line from (0, 1) to (1, 0), &quot;steep&quot;.">'
    )
    assert data["text/html"].startswith(f'<img src="data:image/png;base64,{data["image/png"]}"')
    assert metadata == {"image/png": {"alt": data["text/plain"]}}
    assert not plt.get_fignums()  # closed: the figure is shown once


@pytest.mark.parametrize("alt", [None, "", "A line.", "a falling line from left to right"])
def test_show_refuses_a_figure_without_a_sentence_about_it(alt):
    fig = plt.figure()
    with pytest.raises(ValueError, match="at least one sentence"):
        plotting.show(fig, alt=alt)
    plt.close(fig)


# -- colour vision ---------------------------------------------------------------------------
# Machado, Oliveira & Fernandes (2009), "A physiologically-based model for simulation of color
# vision deficiency", severity 1.0, applied to linear RGB.
MACHADO = {
    "protanopia": [[0.152286, 1.052583, -0.204868], [0.114503, 0.786281, 0.099216],
                   [-0.003882, -0.048116, 1.051998]],
    "deuteranopia": [[0.367322, 0.860646, -0.227968], [0.280085, 0.672501, 0.047413],
                     [-0.011820, 0.042940, 0.968881]],
    "tritanopia": [[1.255528, -0.076749, -0.178779], [-0.078411, 0.930809, 0.147602],
                   [0.004733, 0.691367, 0.303900]],
}  # fmt: skip
MIN_DELTA_E = 10.0  # CIE76 distance in CIELAB; about 2.3 is "just noticeable"


def simulated_lab(rgb: np.ndarray, deficiency: str) -> np.ndarray:
    """CIELAB (D65) of an sRGB colour as seen with the given deficiency."""
    linear = np.where(rgb <= 0.04045, rgb / 12.92, ((rgb + 0.055) / 1.055) ** 2.4)
    seen = np.clip(np.array(MACHADO[deficiency]) @ linear, 0, 1)
    xyz = np.array([[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722],
                    [0.0193, 0.1192, 0.9505]]) @ seen  # fmt: skip
    t = xyz / np.array([0.95047, 1.0, 1.08883])
    f = np.where(t > (6 / 29) ** 3, np.cbrt(t), t / (3 * (6 / 29) ** 2) + 4 / 29)
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


def smallest_difference(colours: list, deficiency: str) -> float:
    labs = [simulated_lab(np.array(plt.matplotlib.colors.to_rgb(c)), deficiency) for c in colours]
    return min(np.linalg.norm(a - b) for a, b in itertools.combinations(labs, 2))


def four_lambda_figure(tiny_split):
    sweep = train_sweep((784, 4, 10), tiny_split, lams=[0.0, 1.0, 10.0, 100.0], seeds=[0, 1, 2],
                        epochs=2, eval_splits={"val": tiny_split}, record_epochs=True,
                        progress=False)  # fmt: skip
    return plotting.plot_sweep_curves(sweep, [0.0, 1.0, 10.0, 100.0])


@pytest.mark.parametrize("deficiency", sorted(MACHADO))
def test_the_lines_of_a_multi_line_figure_stay_apart_in_every_colour_vision(tiny_split, deficiency):
    fig = four_lambda_figure(tiny_split)
    lines = [line for line in fig.axes[1].get_lines() if isinstance(line, Line2D)]
    colours = list(dict.fromkeys(plt.matplotlib.colors.to_hex(line.get_color()) for line in lines))
    assert len(colours) == 4
    assert smallest_difference(colours, deficiency) >= MIN_DELTA_E
    # and never by colour alone: each λ has its own marker, each split its own line style
    markers = {line.get_marker() for line in lines}
    assert len(markers) == 4 and {line.get_linestyle() for line in lines} == {"-", "--"}
    plt.close(fig)


@pytest.mark.parametrize("deficiency", sorted(MACHADO))
def test_the_style_cycle_is_colour_blind_safe_and_the_default_one_is_not(deficiency):
    assert smallest_difference(plotting.OKABE_ITO, deficiency) >= MIN_DELTA_E
    if deficiency != "tritanopia":  # the check can fail: matplotlib's own cycle does
        default = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728"]
        assert smallest_difference(default, deficiency) < MIN_DELTA_E


def test_every_figure_has_an_opaque_white_background():
    assert plotting.STYLE["figure.facecolor"] == "white"
    assert plotting.STYLE["savefig.facecolor"] == "white"
    assert plotting.STYLE["savefig.transparent"] is False


def test_nbconvert_html_carries_the_text_alternatives():
    exporters = pytest.importorskip("nbconvert.exporters", reason="nbconvert exports the HTML")
    path = next(p for p in SOLUTIONS if p.name.startswith("01_"))
    page, _ = exporters.HTMLExporter().from_notebook_node(nbformat.read(path, 4))
    tags = [t for t in re.findall(r"<img [^>]*>", page) if 'src="data:image/png' in t]
    alts = [re.search(r'alt="([^"]+)"', t).group(1) for t in tags if 'alt="' in t]
    assert len(alts) == len(list(image_outputs(path))), "every figure, with its alt"
    assert html.unescape(alts[0]).startswith("Scatter plot of the 100 training points")
