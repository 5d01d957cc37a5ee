"""λ explorers: the slider only redraws precomputed results; one output bundle; small state."""

import base64
import html
import io

import ipywidgets
import numpy as np
import pytest
import torch
from matplotlib.figure import Figure
from PIL import Image
from sklearn.linear_model import LogisticRegression

from l10_utils import make_mlp, pictures, weight_norms
from l10_utils.explorer_widget import EXPLORER_CLASS, WIDGET_VIEW_MIME, Explorer, format_lam

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


def ridge_solver(X: torch.Tensor, y: torch.Tensor):
    """Notebook 1's ``ridge(lam)``: (XᵀX + λ/2·I)⁻¹Xᵀy on the centred data."""
    X, y = X - X.mean(0), y - y.mean()
    return lambda lam: torch.linalg.solve(X.T @ X + lam / 2 * torch.eye(2, dtype=X.dtype), X.T @ y)


def ridge_explorer() -> Explorer:
    X, y = ridge_data()
    return pictures.ridge_explorer(X, y, ridge_solver(X, y), lams=np.logspace(-1, 4, 12))


def l1_path(X: torch.Tensor, y: torch.Tensor, lams, lr: float = 0.5, steps: int = 3000):
    """Notebook 5's ``l1_path``: proximal gradient on mean BCE + λ/n·‖w‖₁, every λ at once."""
    n, d = X.shape
    lam_n = torch.as_tensor(np.asarray(lams, dtype=np.float64))[:, None] / n
    w, b = (
        torch.zeros(len(lam_n), d, dtype=torch.float64),
        torch.zeros(len(lam_n), dtype=torch.float64),
    )
    for _ in range(steps):
        residual = torch.sigmoid(X @ w.T + b) - y[:, None]
        w, b = w - lr * residual.T @ X / n, b - lr * residual.mean(0)
        w = w.sign() * (w.abs() - lr * lam_n).clamp(min=0)
    return w.numpy()


@pytest.fixture(scope="module")
def ridge() -> Explorer:
    return ridge_explorer()


def tiny_explorer(**kwargs) -> Explorer:
    """An explorer whose frame k draws a point and a bar at (k, λ_k), with a legend."""
    lams = np.array([0.5, 2.0, 8.0, 32.0])

    def background(axes):
        axes[0].set(xlim=(-1, 4), ylim=(0, 40))

    def draw(axes, k):
        axes[0].plot([k], [lams[k]], "o")  # coloured by the style's cycle
        axes[0].bar([k], [lams[k]], label="this λ")
        axes[0].legend()

    return Explorer(lams, draw, background=background, describe=str, title="tiny", **kwargs)


# -- the callback draws the right λ ---------------------------------------------------------
def test_moving_the_slider_shows_the_frame_of_that_lambda(ridge):
    for k in (3, 7):
        ridge.slider.value = k
        assert ridge.index == k
        assert ridge.drawn[-1] == k
        assert ridge.image.value == ridge.frame_html(k)
        assert base64.b64encode(ridge.frame_png(k)).decode() in ridge.image.value
        assert ridge.frame_png(k).startswith(PNG_MAGIC)
    ridge.set_index(ridge.nearest(ridge.lams[5] * 1.01))  # programmatic: the nearest grid λ
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
        fig, axes, _, _ = ex._blit
        assert len(axes[0].lines) == len(axes[0].patches) == len(axes[0].containers) == 0
        assert len(fig.texts) == 1 and axes[0].get_legend() is None  # the title only
    assert axes is ex._blit[1]  # one background figure for all frames
    assert ex.frame_png(3) == tiny_explorer().frame_png(3)  # no state left by frames 0-2


# -- the grid is computed once --------------------------------------------------------------
def test_the_logistic_grid_is_solved_once_and_the_slider_never_solves(monkeypatch):
    fits = []
    original = LogisticRegression.fit

    def counting_fit(self, *args, **kwargs):
        fits.append(self.C)
        return original(self, *args, **kwargs)

    lams = np.logspace(-1, 3, 6)
    X, y = logistic_data()
    paths = pictures.l2_path(X, y, lams)[0], l1_path(X, y, lams)
    monkeypatch.setattr(LogisticRegression, "fit", counting_fit)
    ex = pictures.logistic_explorer(X, y, lams, paths)
    assert len(fits) == 1  # one practically unpenalized fit; the paths are the notebook's

    def no_solving(*args, **kwargs):
        raise AssertionError("the slider callback must not solve")

    for name in ("l2_path", "profile_loss"):
        monkeypatch.setattr(pictures, name, no_solving)
    monkeypatch.setattr(LogisticRegression, "fit", no_solving)
    for k in [*range(len(lams)), 0, 3]:
        ex.slider.value = k
        assert ex.index == k
    assert len(fits) == 1


def test_the_l2_path_is_the_minimizer_of_the_bundle_cost():
    X, y = logistic_data()
    lams = [1.0, 30.0]
    w2, b2 = pictures.l2_path(X, y, lams)
    n = len(y)
    for lam, w, b in zip(lams, w2, b2, strict=True):  # ∇ of mean BCE + λ/(2n)‖w‖² is 0
        r = 1 / (1 + np.exp(-(X.numpy() @ w + b))) - y.numpy()
        assert np.allclose(X.numpy().T @ r / n + lam / n * w, 0, atol=1e-8)


def test_the_ridge_explorer_calls_the_notebooks_ridge_once_per_lambda_and_shows_its_shrinkage():
    X, y = ridge_data()
    solve, calls = ridge_solver(X, y), []

    def ridge(lam):
        calls.append(lam)
        return solve(lam)

    lams = np.array([3.0, 300.0])
    ex = pictures.ridge_explorer(X, y, ridge, lams=lams)
    assert calls == [0.0, 3.0, 300.0]  # least squares, then the grid; the slider never solves
    ex.slider.value = 1
    assert calls == [0.0, 3.0, 300.0]
    # the kept fractions it draws are s/(s + λ/2), the eigenvalues s of XᵀX (centred)
    Xc = X - X.mean(0)
    s = np.linalg.eigvalsh((Xc.T @ Xc).numpy())
    assert ex.frame_alt(1).endswith(
        f"keeps {s[0] / (s[0] + 150):.0%} of its least-squares size, the strong one "
        f"(s = {s[1]:.1f}) {s[1] / (s[1] + 150):.0%}."
    )


def test_boundary_explorer_predicts_once_and_draws_each_networks_weight_norms():
    torch.manual_seed(0)
    models = {lam: make_mlp((2, 8, 8, 2), dtype=torch.float64) for lam in (0.0, 1.0, 10.0)}
    models[0.0].eval()  # each network's mode is left as it was
    X, y = logistic_data(30)
    ex = pictures.boundary_explorer(models, X, y, grid_limits=(-3, 3, -3, 3), resolution=20)
    assert list(ex.lams) == [0.0, 1.0, 10.0]
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
    again = ridge_explorer()
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


# -- bad input says what to do --------------------------------------------------------------
def test_the_grid_is_sorted_and_the_nearest_lambda_is_found_on_a_log_scale():
    ex = Explorer(
        [32.0, 0.5, 8.0, 2.0], lambda axes, k: None, background=len, describe=str, title="x"
    )
    assert ex.lams.tolist() == [0.5, 2.0, 8.0, 32.0]
    assert ex.nearest(3.0) == 1 and ex.nearest(5.0) == 2  # log(5) is nearer log(8) than log(2)


def test_a_draw_that_fails_leaves_no_artist_behind():
    lams = np.array([1.0, 2.0, 3.0])

    def draw(axes, k):
        axes[0].plot([0, 1], [0, k])
        if k == 1:
            raise RuntimeError("broken frame")

    ex = Explorer(lams, draw, background=len, describe=str, title="fails")
    with pytest.raises(RuntimeError, match="broken frame"):
        ex.frame_png(1)
    _, axes, _, _ = ex._blit
    assert len(axes[0].lines) == 0 and ex.frame_png(2).startswith(PNG_MAGIC)


def test_the_frame_is_shown_at_its_own_pixel_width(ridge):
    width = round(ridge.frame_size[0] * ridge.dpi)
    assert f'width="{width}"' in ridge.image.value
    assert Image.open(io.BytesIO(ridge.frame_png(ridge.index))).size[0] == width
