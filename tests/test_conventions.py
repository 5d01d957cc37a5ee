"""l10_utils.conventions: the knob of each L2 convention, checked by running it where we can."""

import ast
import inspect
import math

import pytest
import torch

from l10_utils import conventions
from l10_utils.conventions import (
    CONVENTIONS,
    IDENTITY_TOL,
    _sum_sq,
    _train,
    bundle_route,
    conventions_table,
    decoupled_sgd_gap,
    from_bundle,
    minimizer_gap,
    toy_data,
    trajectory_gap,
)

LAM, N, B = 6.0, 200, 50
X, Y = toy_data(N, 3)
NAMES = [c.name for c in CONVENTIONS]
TRAJECTORY = [c.name for c in CONVENTIONS if c.route and c.name != "torch AdamW"]
MINIMIZER = [c.name for c in CONVENTIONS if c.fit]


pytestmark = pytest.mark.usefixtures("policy_threads")  # tests/conftest.py


# Worked out by hand for λ = 6, n = 200, B = 50 (the comment above each row explains its factor).
EXPECTED = {
    "lecture slides": 3.0,  # λ/2
    "torch SGD": 0.03,  # λ/n
    "torch Adam": 0.03,  # λ/n
    "torch AdamW": None,  # no constant
    "Keras l2": 0.015,  # λ/(2n)
    "d2l": 0.03,  # λ/n
    "deeplearning.ai": 6.0,  # λ
    "CS231n svm/softmax": 0.015,  # λ/(2n)
    "CS231n fc_net": 0.03,  # λ/n
    "sklearn LogisticRegression": 1 / 6,  # 1/λ
    "sklearn Ridge": 3.0,  # λ/2
}


def test_the_table_is_complete():
    assert NAMES == list(EXPECTED)  # one row each, in the notebook's order, names unique
    for row in CONVENTIONS:
        assert row.penalty and row.knob, row.name
        assert not (row.route and row.fit), row.name
        assert "|" not in row.penalty + row.knob  # would break the Markdown table


@pytest.mark.parametrize("name", NAMES)
def test_from_bundle_gives_the_worked_out_value(name):
    want = EXPECTED[name]
    assert from_bundle(name, LAM, N) == (None if want is None else pytest.approx(want, rel=1e-15))


# The formula rows, written as each source writes its penalty (knob k, weights w, n examples),
# all added to a *mean* loss: their gradient must be the bundle's λ/n·w.
AS_WRITTEN = {
    "lecture slides": lambda k, w, n: k / n * (w**2).sum(),
    "Keras l2": lambda k, w, n: k * (w**2).sum(),
    "d2l": lambda k, w, n: k / 2 * (w**2).sum(),
    "deeplearning.ai": lambda k, w, n: 1 / n * k / 2 * (w**2).sum(),
    "CS231n svm/softmax": lambda k, w, n: k * (w * w).sum(),
    "CS231n fc_net": lambda k, w, n: 0.5 * k * (w * w).sum(),
}


@pytest.mark.parametrize("name", AS_WRITTEN)
def test_formula_rows_have_the_bundle_gradient(name):
    w = torch.tensor([1.5, -2.0, 0.25], dtype=torch.float64, requires_grad=True)
    AS_WRITTEN[name](from_bundle(name, LAM, N), w, N).backward()
    assert torch.allclose(w.grad, LAM / N * w.detach(), rtol=1e-14, atol=0)


def test_sum_based_sklearn_objectives_are_multiples_of_the_bundle_cost():
    w = torch.tensor([1.5, -2.0, 0.25], dtype=torch.float64)
    losses = torch.tensor([0.3, 1.2, 0.05, 0.7], dtype=torch.float64)  # any per-example losses
    n = len(losses)
    bundle = (losses.mean() + LAM / (2 * n) * (w**2).sum()).item()
    C = from_bundle("sklearn LogisticRegression", LAM, n)
    alpha = from_bundle("sklearn Ridge", LAM, n)
    logistic = (C * losses.sum() + 0.5 * (w**2).sum()).item()
    ridge = (losses.sum() + alpha * (w**2).sum()).item()
    assert logistic == pytest.approx(n / LAM * bundle, rel=1e-14)
    assert ridge == pytest.approx(n * bundle, rel=1e-14)


@pytest.mark.parametrize("batch_size", [None, B])
@pytest.mark.parametrize("name", TRAJECTORY)
def test_run_rows_follow_the_bundle_trajectory(name, batch_size):
    # float64, 20 steps of a tiny MLP: the routes differ by a few roundings (about 1e-16)
    assert trajectory_gap(name, LAM, X, Y, batch_size=batch_size) < IDENTITY_TOL


@pytest.mark.parametrize("name", MINIMIZER)
def test_sklearn_rows_find_the_bundle_minimizer(name):
    # Ridge: about 1e-16; LogisticRegression: newton-cg's tol=1e-12, a few 1e-12 here
    assert minimizer_gap(name, LAM, X, Y) < IDENTITY_TOL


WRONG_TRAJECTORY = [
    ("lecture slides", LAM, None),  # forgot that the slides have no ½
    ("torch SGD", LAM / B, B),  # the batch size instead of n
    ("torch SGD", LAM / (2 * N), None),  # kept the ½ of λ/(2n)
    ("torch Adam", LAM / (2 * N), None),
]


@pytest.mark.parametrize(("name", "knob", "batch_size"), WRONG_TRAJECTORY)
def test_a_wrong_knob_shows_as_a_visible_trajectory_gap(name, knob, batch_size):
    assert trajectory_gap(name, LAM, X, Y, batch_size=batch_size, knob=knob) > 1e-4


@pytest.mark.parametrize(
    ("name", "knob"),
    [
        ("sklearn LogisticRegression", N / LAM),  # C as the inverse of λ/n
        ("sklearn LogisticRegression", 1 / (2 * LAM)),
        ("sklearn Ridge", LAM),  # forgot the ½
        ("sklearn Ridge", LAM / (2 * N)),  # copied λ/(2n) from the mean-loss cost
    ],
)
def test_a_wrong_knob_shows_as_a_visible_minimizer_gap(name, knob):
    assert minimizer_gap(name, LAM, X, Y, knob=knob) > 1e-4


def course_code_gap(LAMBDA: float, batch_size: int) -> float:
    """The course's ``cost + 2./targets.size(0) * LAMBDA * L2`` on each batch vs the bundle's cost.

    Not a row of the package's table: notebook 3 has students translate this code.
    """
    code = lambda ws, B: 2.0 / B * LAMBDA * _sum_sq(ws)  # noqa: E731
    common = {"optimizer": torch.optim.SGD, "batch_size": batch_size}
    ours = bundle_route(X, Y, LAM, **common)
    return (ours - _train(X, Y, penalty=code, **common)).abs().max().item()


def test_the_course_code_is_the_bundle_cost_with_lambda_b_over_4n():
    assert course_code_gap(LAM * B / (4 * N), B) < IDENTITY_TOL  # 0.375 for λ = 6, n = 200, B = 50
    assert course_code_gap(LAM / 2, B) > 1e-4  # the slides' λ in the course code
    assert course_code_gap(LAM * N / (4 * B), B) > 1e-4  # B and n swapped


def test_the_course_code_matches_only_when_every_batch_has_size_b():
    # 200 = 3·64 + 8: the last batch of 8 gets a penalty 8 times too strong
    assert course_code_gap(LAM * 64 / (4 * N), 64) > 1e-4
    assert trajectory_gap("torch SGD", LAM, X, Y, batch_size=64) < IDENTITY_TOL


def test_adamw_has_no_constant_and_its_decay_moves_with_the_learning_rate():
    assert from_bundle("torch AdamW", LAM, N) is None
    with pytest.raises(ValueError, match="no constant"):
        trajectory_gap("torch AdamW", LAM, X, Y)
    # AdamW with SGD's number is far from Adam on the bundle's cost: not rounding
    assert trajectory_gap("torch AdamW", LAM, X, Y, knob=LAM / N) > 0.1
    # its decay per step is lr·wd (notebook 5 prints lr·wd): one step with a zero gradient
    for lr in (1e-3, 1e-2):
        w = torch.ones(1, dtype=torch.float64, requires_grad=True)
        opt = torch.optim.AdamW([w], lr=lr, weight_decay=0.1)
        (0 * w).sum().backward()
        opt.step()
        assert 1 - w.item() == pytest.approx(lr * 0.1, rel=1e-10)


@pytest.mark.parametrize("batch_size", [None, B])
def test_with_plain_sgd_decoupled_decay_is_l2(batch_size):
    assert decoupled_sgd_gap(LAM / N, X, Y, batch_size=batch_size) < IDENTITY_TOL


def test_lam_zero_makes_every_penalty_vanish():
    for row in CONVENTIONS:
        value = from_bundle(row.name, 0.0, N)
        if row.name == "sklearn LogisticRegression":
            assert value == math.inf  # C = inf: scikit-learn's "no penalty"
        elif row.name == "torch AdamW":
            assert value is None
        else:
            assert value == 0.0, row.name
    for name in TRAJECTORY:
        assert trajectory_gap(name, 0.0, X, Y, batch_size=B) < IDENTITY_TOL
    for name in MINIMIZER:
        assert minimizer_gap(name, 0.0, X, Y) < IDENTITY_TOL


def test_verifiers_reject_rows_they_do_not_run():
    with pytest.raises(ValueError, match="not checked by trajectory_gap"):
        trajectory_gap("Keras l2", LAM, X, Y)
    with pytest.raises(ValueError, match="not checked by minimizer_gap"):
        minimizer_gap("torch SGD", LAM, X, Y)
    with pytest.raises(ValueError, match="unknown convention"):
        minimizer_gap("Ridge", LAM, X, Y)


def test_table_has_one_row_per_convention_and_no_rounding_level_numbers():
    checks = {"torch SGD": 1e-16, "sklearn Ridge": 3e-15, "torch Adam": 0.25}
    table = conventions_table(LAM, N, checks).splitlines()
    assert len(table) == 2 + len(CONVENTIONS)
    assert "λ = 6, n = 200 |" in table[0]
    rows = dict(zip(NAMES, table[2:], strict=True))
    assert rows["torch SGD"].endswith("| 0.03 | ✓ run, gap < 1e-10 |")
    assert rows["sklearn Ridge"].endswith("| 3 | ✓ run, gap < 1e-10 |")
    assert rows["torch Adam"].endswith("| ✗ gap 2.5e-01 |")
    assert rows["torch AdamW"].endswith("| — | no constant |")
    assert rows["Keras l2"].endswith("| 0.015 | formula |")
    assert rows["d2l"].endswith("| 0.03 | formula |")
    assert rows["lecture slides"].endswith("| 3 | not run |")
    # the same text whatever the rounding-level gaps were (nbval compares outputs exactly)
    assert conventions_table(LAM, N, {"torch SGD": 2e-17, "sklearn Ridge": 0.0}) == (
        conventions_table(LAM, N, {"torch SGD": 1e-16, "sklearn Ridge": 3e-15})
    )
    with pytest.raises(ValueError, match="unknown conventions"):
        conventions_table(LAM, N, {"SGD": 0.0})


def test_the_module_imports_sklearn_only_inside_functions():
    tree = ast.parse(inspect.getsource(conventions))
    top_level = [n for n in tree.body if isinstance(n, ast.Import | ast.ImportFrom)]
    modules = [a.name for n in top_level for a in n.names] + [
        n.module for n in top_level if isinstance(n, ast.ImportFrom) and n.module
    ]
    assert modules and not any(m.startswith("sklearn") for m in modules)
