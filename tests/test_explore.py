"""λ explorers: the slider only redraws precomputed results; one output bundle; small state."""

import base64
import html
import io
import json

import ipywidgets
import numpy as np
import pytest
import torch
from matplotlib.figure import Figure
from PIL import Image
from sklearn.linear_model import LogisticRegression

from l10_utils import explore, make_mlp, weight_norms, widget_state
from l10_utils.explorer_widget import WIDGET_VIEW_MIME, Explorer, format_lam
from l10_utils.widget_state import EXPLORER_CLASS, WIDGET_STATE_MIME

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


pytestmark = pytest.mark.usefixtures("policy_threads")  # tests/conftest.py


def logistic_data(n: int = 60) -> tuple[torch.Tensor, torch.Tensor]:
    """Notebook 1's data set-up, smaller: two overlapping Gaussian classes in 2-D."""
    g = torch.Generator().manual_seed(0)
    y = (torch.arange(n) % 2).to(torch.float64)
    centres = torch.tensor([[-1.0, -0.3], [1.0, 0.3]], dtype=torch.float64)
    return centres[y.long()] + torch.randn(n, 2, generator=g, dtype=torch.float64), y


def ridge_data(n: int = 50) -> tuple[torch.Tensor, torch.Tensor]:
    """Notebook 1's ridge set-up: two correlated features (not centred here)."""
    g = torch.Generator().manual_seed(2)
    z = torch.randn(n, 2, generator=g, dtype=torch.float64)
    X = torch.stack([z[:, 0], 0.9 * z[:, 0] + 0.3 * z[:, 1]], dim=1) + 1.0
    y = X @ torch.tensor([2.0, 0.5], dtype=torch.float64)
    return X, y + torch.randn(n, generator=g, dtype=torch.float64)


@pytest.fixture(scope="module")
def ridge() -> Explorer:
    return explore.ridge_explorer(*ridge_data(), lams=np.logspace(-1, 4, 12))


def tiny_explorer(**kwargs) -> Explorer:
    """An explorer whose frame k draws one point at (k, λ_k) on fixed axes."""
    lams = np.array([0.5, 2.0, 8.0, 32.0])

    def background(axes):
        axes[0].set(xlim=(-1, 4), ylim=(0, 40))

    def draw(axes, k):
        axes[0].plot([k], [lams[k]], "o")

    return Explorer(lams, draw, background=background, title="tiny", **kwargs)


# -- the callback draws the right λ ---------------------------------------------------------
def test_moving_the_slider_shows_the_frame_of_that_lambda(ridge):
    for k in (3, 7):
        ridge.slider.value = k
        assert ridge.index == k and ridge.lam == ridge.lams[k]
        assert ridge.drawn[-1] == k
        assert ridge.image.value == ridge.frame_html(k)
        assert base64.b64encode(ridge.frame_png(k)).decode() in ridge.image.value
        assert ridge.frame_png(k).startswith(PNG_MAGIC)
    ridge.set_lam(ridge.lams[5] * 1.01)  # programmatic: the nearest grid λ
    assert ridge.index == 5 and ridge.slider.value == 5


def test_the_frame_names_its_lambda_and_differs_between_lambdas(ridge):
    fig = ridge.figure(4)
    texts = [t.get_text() for t in fig.texts]
    assert isinstance(fig, Figure)
    assert ridge.label(4) in texts
    assert ridge.label(4) == f"λ = {format_lam(ridge.lams[4])}"
    first, other = ridge.frame_png(2), ridge.frame_png(9)
    assert first != other


def test_a_revisited_frame_is_the_cached_png_and_is_not_drawn_again(ridge):
    ridge.set_index(1)
    png = ridge.image.value
    drawn = list(ridge.drawn)
    ridge.set_index(10)
    ridge.set_index(1)
    assert ridge.image.value == png
    assert ridge.drawn[: len(drawn)] == drawn and set(ridge.drawn) <= set(drawn) | {10}
    assert len(ridge.drawn) == len(set(ridge.drawn))  # every frame drawn once at most


def test_a_frame_is_the_same_png_when_drawn_again_from_scratch():
    a, b = tiny_explorer(), tiny_explorer()
    assert a.frame_png(2) == b.frame_png(2) != a.frame_png(1)


def test_every_frame_draws_only_its_own_artists():
    ex = tiny_explorer()
    for k in range(4):
        ex.frame_png(k)
        _, axes, _, _ = ex._frame_canvas()
        assert len(axes[0].lines) == 0  # the frame's artists were removed after blitting
    assert axes is ex._frame_canvas()[1]  # one background figure for all frames


# -- the grid is computed once --------------------------------------------------------------
def test_the_logistic_grid_is_solved_once_and_the_slider_never_solves(monkeypatch):
    fits = []
    original = LogisticRegression.fit

    def counting_fit(self, *args, **kwargs):
        fits.append(self.C)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(LogisticRegression, "fit", counting_fit)
    lams = np.logspace(-1, 3, 6)
    ex = explore.logistic_explorer(*logistic_data(), lams=lams)
    assert len(fits) == len(lams) + 1  # the grid, and one practically unpenalized fit
    solves = ex.solves

    def no_solving(*args, **kwargs):
        raise AssertionError("the slider callback must not solve")

    for name in ("l2_path", "l1_path", "profile_loss"):
        monkeypatch.setattr(explore, name, no_solving)
    monkeypatch.setattr(LogisticRegression, "fit", no_solving)
    for k in [*range(len(lams)), 0, 3]:
        ex.slider.value = k
        assert ex.index == k
    assert ex.solves == solves and len(fits) == len(lams) + 1


def test_the_logistic_solutions_are_the_minimizers_of_the_bundle_costs():
    X, y = logistic_data()
    lams = [1.0, 30.0]
    w2, b2 = explore.l2_path(X, y, lams)
    n = len(y)
    for lam, w, b in zip(lams, w2, b2, strict=True):  # ∇ of mean BCE + λ/(2n)‖w‖² is 0
        r = 1 / (1 + np.exp(-(X.numpy() @ w + b))) - y.numpy()
        assert np.allclose(X.numpy().T @ r / n + lam / n * w, 0, atol=1e-8)
    w1, b1 = explore.l1_path(X, y, lams)
    grad = (torch.sigmoid(X @ w1.T + b1) - y[:, None]).T @ X / n
    lam_n = torch.tensor(lams, dtype=torch.float64)[:, None] / n
    nonzero = w1 != 0  # KKT of mean BCE + λ/n‖w‖₁, as notebook 1 asserts
    assert torch.allclose(grad[nonzero], -(lam_n * w1.sign())[nonzero], atol=1e-8)
    assert torch.all(grad[~nonzero].abs() <= lam_n.expand_as(w1)[~nonzero] + 1e-12)


def test_ridge_path_is_the_closed_form_and_shrinks_by_s_over_s_plus_half_lambda():
    X, y = ridge_data()
    X, y = X - X.mean(0), y - y.mean()
    lams = np.array([0.0, 3.0, 300.0])
    path = explore.ridge_path(X, y, lams)
    XtX, Xty = (X.T @ X).numpy(), (X.T @ y).numpy()
    for lam, w in zip(lams, path, strict=True):
        # mean squared error + λ/(2n)·‖w‖²: the gradient vanishes at (XᵀX + λ/2·I) w = Xᵀy
        assert np.allclose(w, np.linalg.solve(XtX + lam / 2 * np.eye(2), Xty), rtol=1e-10)
        grad = 2 * (X.numpy().T @ (X.numpy() @ w - y.numpy())) / len(y) + lam / len(y) * w
        assert np.abs(grad).max() < 1e-10
    s, V = np.linalg.eigh(XtX)
    assert np.allclose((path @ V) / (path[0] @ V), s / (s + lams[:, None] / 2), rtol=1e-10)


def test_boundary_explorer_predicts_once_and_draws_each_networks_weight_norms():
    torch.manual_seed(0)
    models = {lam: make_mlp((2, 8, 8, 2), dtype=torch.float64) for lam in (0.0, 1.0, 10.0)}
    models[0.0].eval()  # each network's mode is left as it was
    X, y = logistic_data(30)
    ex = explore.boundary_explorer(models, X, y, grid_limits=(-3, 3, -3, 3), resolution=20)
    assert ex.solves == 3 and list(ex.lams) == [0.0, 1.0, 10.0]
    assert models[1.0].training and not models[0.0].training
    fig = ex.figure(1)
    bars = [p.get_height() for p in fig.axes[1].patches]
    norms = list(weight_norms(models[1.0]).values())
    assert np.allclose(bars[-len(norms) :], norms)  # this λ's bars, drawn over the λ = 0 ones
    assert ex.label(0) == "λ = 0"


# -- one output: widget view + static PNG + stable text -------------------------------------
def test_the_mime_bundle_holds_the_widget_the_static_png_and_stable_text(ridge):
    data, metadata = ridge._repr_mimebundle_()
    assert set(data) == {WIDGET_VIEW_MIME, "text/html", "image/png", "text/plain"}
    alt = ridge.static_alt()
    assert metadata == {"image/png": {"alt": alt}}
    assert data["text/html"] == f'<img src="data:image/png;base64,{data["image/png"]}" alt="{alt}">'

    assert data[WIDGET_VIEW_MIME]["model_id"] == ridge.widget.model_id
    assert data[WIDGET_VIEW_MIME]["version_major"] == 2
    assert base64.b64decode(data["image/png"]).startswith(PNG_MAGIC)
    text = data["text/plain"]
    again = explore.ridge_explorer(*ridge_data(), lams=np.logspace(-1, 4, 12))
    assert repr(again) == text  # the same in every run: no addresses, no model ids
    assert "0x" not in text and ridge.widget.model_id not in text
    assert "12 λ from 0.1 to 10000" in text


def test_every_frame_and_the_static_panel_say_what_they_show_with_their_numbers(ridge):
    k = ridge.static_indices[0]
    frame = ridge.frame_alt(k)
    assert frame.startswith(f"{ridge.title} at {ridge.label(k)}. The disc of radius ")
    assert "weak eigen-direction (s = " in frame and frame.endswith(".")
    panel = ridge.static_alt()
    assert panel.startswith(f"{ridge.title}, side by side for ")
    assert all(f"At {ridge.label(k)}: The disc" in panel for k in ridge.static_indices)
    ridge.set_index(k)
    assert ridge.image.value.endswith(f'alt="{html.escape(frame)}">')  # the live frame's alt
    ridge.set_index(k + 1)
    assert ridge.image.value.endswith(f'alt="{html.escape(ridge.frame_alt(k + 1))}">')


def test_the_static_panel_shows_a_few_lambdas_side_by_side(ridge):
    fig = ridge.static_figure()
    subfigs = fig.subfigs
    assert 3 <= len(subfigs) <= 4 and len(subfigs) == len(ridge.static_indices)
    assert [sf.get_suptitle() for sf in subfigs] == [ridge.label(k) for k in ridge.static_indices]
    assert all(len(sf.axes) == ridge.panels for sf in subfigs)


def test_the_widget_works_with_the_ipywidgets_7_and_8_api(ridge):
    box = ridge.widget
    assert isinstance(box, ipywidgets.VBox) and EXPLORER_CLASS in box._dom_classes
    assert isinstance(ridge.slider, ipywidgets.SelectionSlider)
    ridge.set_index(2)
    assert ridge.slider.label == format_lam(ridge.lams[2])
    assert isinstance(ridge.image, ipywidgets.HTML)
    assert ridge.image.value.startswith('<img src="data:image/png;base64,')


# -- saved widget state stays small ---------------------------------------------------------
def notebook_with(*widgets_to_save) -> dict:
    """A notebook dict whose metadata.widgets is what nbclient saves for these widgets."""
    state: dict = {}
    for w in widgets_to_save:
        state.update(widget_state.widget_state_metadata(w)[WIDGET_STATE_MIME]["state"])
    widgets_meta = {WIDGET_STATE_MIME: {"state": state, "version_major": 2, "version_minor": 0}}
    return {"metadata": {"kernelspec": {"name": "python3"}, "widgets": widgets_meta}, "cells": []}


def test_saved_state_of_an_explorer_is_small_and_strip_removes_only_explorers(ridge):
    bar = ipywidgets.IntProgress(value=3, max=3)  # e.g. a finished progress bar: it stays
    nb = notebook_with(ridge.widget, bar)
    saved = widget_state.widget_state_size(nb)
    assert saved == len(json.dumps(nb["metadata"]["widgets"]))
    assert saved < 60_000, f"one explorer saves {saved} bytes of widget state"
    assert widget_state.saved_explorer_models(nb) == [ridge.widget.model_id]

    removed = widget_state.strip_widget_state(nb)
    left = nb["metadata"]["widgets"][WIDGET_STATE_MIME]["state"]
    assert removed == saved - widget_state.widget_state_size(nb) and removed > 0.9 * saved
    assert set(left) == {bar.model_id, bar.layout.model_id, bar.style.model_id}
    assert widget_state.saved_explorer_models(nb) == []
    assert widget_state.widget_state_size(nb) < 3_000

    widget_state.strip_widget_state(nb, everything=True)  # nothing left: no metadata.widgets at all
    assert "widgets" not in nb["metadata"] and widget_state.widget_state_size(nb) == 2


def test_strip_keeps_a_model_that_another_widget_still_uses(ridge):
    nb = notebook_with(ridge.widget)
    state = nb["metadata"]["widgets"][WIDGET_STATE_MIME]["state"]
    layout = ridge.image.layout.model_id  # the HTML widget's Layout
    state["other"] = {"model_name": "BoxModel", "state": {"layout": f"IPY_MODEL_{layout}"}}
    widget_state.strip_widget_state(nb)
    assert set(state) == {"other", layout}


def test_measuring_a_saved_notebook_file(tmp_path, ridge):
    path = tmp_path / "nb.ipynb"
    path.write_text(json.dumps(notebook_with(ridge.widget)))
    assert widget_state.widget_state_size(path) == widget_state.widget_state_size(
        json.loads(path.read_text())
    )
    assert widget_state.saved_explorer_models(path) == [ridge.widget.model_id]


# -- bad input says what to do --------------------------------------------------------------
@pytest.mark.parametrize(
    ("lams", "words"),
    [
        ([0.0, 1.0, 10.0], "> 0"),
        ([-1.0, 1.0], "> 0"),
        ([1.0], "at least two"),
        ([1.0, float("nan")], "finite"),
        ([1.0, 1.0, 2.0], "repeat"),
        ("abc", "list of numbers"),
    ],
)
def test_logistic_explorer_rejects_bad_lambdas(lams, words):
    with pytest.raises(ValueError, match=words):
        explore.logistic_explorer(*logistic_data(), lams=lams)


def test_explorers_reject_bad_shapes_and_labels():
    X, y = logistic_data()
    with pytest.raises(ValueError, match=r"shape \(n, 2\)"):
        explore.logistic_explorer(torch.zeros(10, 3), torch.zeros(10))
    with pytest.raises(ValueError, match="to match X"):
        explore.ridge_explorer(X, y[:-1])
    with pytest.raises(ValueError, match="labels 0 and 1"):
        explore.logistic_explorer(X, y + 1)
    with pytest.raises(ValueError, match=">= 0"):
        explore.ridge_explorer(X, y, lams=[-1.0, 1.0])


def test_boundary_explorer_rejects_bad_models_and_limits():
    X, y = logistic_data(20)
    net = make_mlp((2, 4, 2))
    with pytest.raises(ValueError, match="at least two"):
        explore.boundary_explorer({0.0: net}, X, y)
    with pytest.raises(ValueError, match="nn.Module"):
        explore.boundary_explorer({0.0: net, 1.0: "net"}, X, y)
    with pytest.raises(ValueError, match="four numbers"):
        explore.boundary_explorer({0.0: net, 1.0: net}, X, y, grid_limits=(0, 1))
    with pytest.raises(ValueError, match="x1_min < x1_max"):
        explore.boundary_explorer({0.0: net, 1.0: net}, X, y, grid_limits=(1, 0, 0, 1))
    with pytest.raises(ValueError, match="2 logits"):
        explore.boundary_explorer({0.0: make_mlp((2, 3)), 1.0: make_mlp((2, 3))}, X, y)


def test_explorer_rejects_bad_indices_and_arguments():
    ex = tiny_explorer()
    with pytest.raises(ValueError, match=r"0\.\.3"):
        ex.set_index(4)
    with pytest.raises(ValueError, match="int grid index"):
        ex.frame_png(1.5)
    with pytest.raises(ValueError, match="draw must be a function"):
        Explorer([1.0, 2.0], "draw", title="x")
    with pytest.raises(ValueError, match="ratios"):
        Explorer([1.0, 2.0], lambda axes, k: None, title="x", panels=2, ratios=(1.0,))


def test_a_draw_that_fails_leaves_no_artist_behind():
    lams = np.array([1.0, 2.0, 3.0])

    def draw(axes, k):
        axes[0].plot([0, 1], [0, k])
        if k == 1:
            raise RuntimeError("broken frame")

    ex = Explorer(lams, draw, title="fails")
    with pytest.raises(RuntimeError, match="broken frame"):
        ex.frame_png(1)
    _, axes, _, _ = ex._frame_canvas()
    assert len(axes[0].lines) == 0 and ex.frame_png(2).startswith(PNG_MAGIC)


def test_logistic_explorer_takes_the_notebooks_paths_instead_of_solving_again():
    X, y = logistic_data()
    lams = np.logspace(-1, 2, 4)
    solved = explore.logistic_explorer(X, y, lams=lams)
    w_l2, _ = explore.l2_path(X, y, lams)
    w_l1 = explore.l1_path(X, y, lams)[0].numpy()
    given = explore.logistic_explorer(X, y, lams=lams, paths=(w_l2, w_l1))
    assert given.solves == solved.solves - len(lams) - 1
    assert given.frame_png(2) == solved.frame_png(2)
    with pytest.raises(ValueError, match="one row per λ"):
        explore.logistic_explorer(X, y, lams=lams, paths=(w_l2[:2], w_l1))


def test_the_frame_is_shown_at_its_own_pixel_width(ridge):
    width = round(ridge.frame_size[0] * ridge.dpi)
    assert f'width="{width}"' in ridge.image.value
    assert Image.open(io.BytesIO(ridge.frame_png(ridge.index))).size[0] == width
