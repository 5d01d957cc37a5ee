"""Bad input: each mistake a student makes with the public functions, once, with the words its
error must say (docs/package.md, "What is checked and why").

``CASES`` is the one table: a function, the argument that is wrong (the others valid), its
value, the error and the words its message must contain: the argument's own name and what
is wrong with it, never words that every message of the function contains (a test checks
that no case's words also fit the message about another argument). Fixed values are rows of
the table; Hypothesis only generates values from ranges (a NaN in any row, any fraction out
of range), derandomized, so every run tries the same examples.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pytest
import torch
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from l10_utils import evaluate, fit, load_mnist, make_mlp, pictures, verdicts, with_wrong_labels
from l10_utils.conventions import from_bundle
from l10_utils.sweep import train_sweep

SIZES = (784, 4, 10)
X = torch.rand(20, 784, generator=torch.Generator().manual_seed(0))
Y = torch.arange(20) % 10
X_NAN, X_INF = X.clone(), X.clone()
X_NAN[3, 5], X_INF[0, 0] = math.nan, math.inf
X2 = torch.randn(30, 2, generator=torch.Generator().manual_seed(1), dtype=torch.float64)
SEEDS, BASELINE = [0.9, 0.8, 0.85], [0.7, 0.6, 0.65]
QUICK = {"epochs": 1, "progress": False}  # should a case train after all


def _squares(model):
    return sum((p**2).sum() for p in model.parameters() if p.ndim >= 2)


# function -> (the function, its valid arguments: a fresh model each call)
CALLS: dict[str, tuple[Callable[..., Any], Callable[[], dict[str, Any]]]] = {
    "load_mnist": (load_mnist, dict),
    "with_wrong_labels": (with_wrong_labels, lambda: {"y": Y, "fraction": 0.2}),
    "evaluate": (evaluate, lambda: {"model": make_mlp(SIZES), "X": X, "y": Y}),
    "fit": (fit, lambda: {"model": make_mlp(SIZES), "train": (X, Y), **QUICK}),
    "train_sweep": (
        train_sweep,
        lambda: {"sizes": SIZES, "train": (X, Y), "lams": [0.0], "seeds": [0], **QUICK},
    ),
    "ridge_explorer": (
        pictures.ridge_explorer,
        lambda: {"X": X2, "y": X2[:, 0], "ridge": lambda lam: np.zeros(2), "lams": [1.0, 10.0]},
    ),
    "from_bundle": (from_bundle, lambda: {"name": "torch SGD", "lam": 1.0, "n": 100}),
    "verdict": (
        verdicts.verdict,
        lambda: {"values": SEEDS, "baseline": BASELINE, "higher_is_better": True},
    ),
    "compare": (
        verdicts.compare,
        lambda: {
            "label": "λ = 1",
            "values": SEEDS,
            "baseline_label": "λ = 0",
            "baseline": BASELINE,
            "metric": "accuracy",
            "higher_is_better": True,
        },
    ),
}


@dataclass(frozen=True, eq=False)
class Case:
    """One row: ``function(**valid, **bad)`` raises ``error`` whose message holds ``words``."""

    function: str
    argument: str  # what is wrong: an argument, or the name a split goes by in messages
    label: str
    bad: dict[str, Any]
    words: tuple[str, ...]
    error: type[Exception] = ValueError

    @property
    def id(self) -> str:
        return f"{self.function}-{self.argument}-{self.label}"


def case(function, argument, value, *words, error=ValueError, label=None) -> Case:
    """The row for one wrong argument (the others valid)."""
    return Case(function, argument, label or repr(value), {argument: value}, words, error)


# A split's mistakes: (label, X, y, words); "{where}" is the name the split goes by.
SPLIT_MISTAKES = [
    ("nan_pixel", X_NAN, Y, "{where}: X holds 1 value(s) that are NaN or inf", "in row 3)"),
    ("inf_pixel", X_INF, Y, "{where}: X holds 1 value(s) that are NaN or inf", "in row 0)"),
    ("integer_pixels", X.long(), Y, "{where}: X must hold floating-point", "use X.float()"),
    ("one_image", X[0], Y, "{where}: X must have shape (N, features)", "got (784,)"),
    ("not_flattened", X.reshape(20, 28, 28), Y, "{where}: X must have shape", "(20, 28, 28)"),
    ("no_rows", X[:0], Y, "{where}: X must have shape (N, features), N > 0", "got (0, 784)"),
    ("ten_features", X[:, :10], Y, "{where}: X has 10 features but", "layer expects 784"),
    ("X_a_string", "pixels", Y, "{where} must be a pair of tensors", "got str, Tensor"),
    ("X_none", None, Y, "{where} must be a pair of tensors", "got NoneType, Tensor"),
    ("numpy", X.numpy(), Y.numpy(), "{where} must be a pair of tensors", "got ndarray, ndarray"),
    ("float_labels", X, Y.float(), "{where}: y must hold int64 class", "use y.long()"),
    ("five_labels", X, Y[:5], "{where}: X has 20 rows but y has shape (5,)"),
    ("label_column", X, Y[:, None], "{where}: X has 20 rows but y has shape (20, 1)"),
    ("label_minus_1", X, Y - 1, "{where}: y must hold class indices", "from -1 to 8"),
    ("label_10_of_10", X, Y + 1, "{where}: y must hold class indices", "from 1 to 10"),
    ("y_a_list", X, [0, 1], "{where} must be a pair of tensors", "got Tensor, list"),
    ("y_none", X, None, "{where} must be a pair of tensors", "got Tensor, NoneType"),
]
# Mistakes in a split passed whole (evaluate takes X and y apart).
WHOLE_SPLIT_MISTAKES = [
    ("X_alone", X, "{where} must be a pair of tensors (X, y), got Tensor"),
    ("a_1_tuple", (X,), "{where} must be a pair of tensors (X, y), got tuple"),
    ("a_string", "data", "{where} must be a pair of tensors (X, y), got str"),
]
# Where a split enters: (function, the name it goes by, its keyword arguments).
SPLIT_ENTRIES: list[tuple[str, str, Callable[[Any], dict[str, Any]]]] = [
    ("fit", "train", lambda split: {"train": split}),
    ("fit", "val", lambda split: {"val": split}),
    ("train_sweep", "train", lambda split: {"train": split}),
    ("train_sweep", "val", lambda split: {"eval_splits": {"val": split}}),
]
# A verdict's per-seed values: (label, value, error, words); "{where}" names the argument.
TOO_FEW = "{where} has {n} value(s); a verdict needs at least 3 seeds"
DIVERGED = "{where} holds {v}: a diverged run has no verdict"
SEED_MISTAKES = [
    ("one_seed", [0.9], ValueError, TOO_FEW.replace("{n}", "1")),
    ("two_seeds", [0.9, 0.8], ValueError, TOO_FEW.replace("{n}", "2")),
    ("nan", [0.9, math.nan, 0.8], ValueError, DIVERGED.replace("{v}", "nan")),
    ("inf", [0.9, math.inf, 0.8], ValueError, DIVERGED.replace("{v}", "inf")),
    ("a_string", "0.9, 0.8, 0.7", TypeError, "{where} must be a list", "per seed, got str"),
    ("none", None, TypeError, "{where} must be a list", "per seed, got NoneType"),
    ("bools", [True, False, True], TypeError, "{where} must hold plain numbers", "got True"),
    ("a_str_in_it", [0.1, "0.2", 0.3], TypeError, "{where} must hold plain", "got '0.2'"),
]
SEED_ENTRIES = [
    ("verdict", "values", "values"),
    ("verdict", "baseline", "baseline"),
    ("compare", "values", "λ = 1"),
    ("compare", "baseline", "λ = 0"),
]


KNOWN_SOURCES = ("use source='bundled'", "or source='full'")
# (val_fraction, test_fraction) that leave no training set
NO_TRAINING_SET = [(-0.1, 0.2), (math.nan, 0.2), (1.0, 0.2), (0.9, 0.2), (0.2, 1.0), (0.6, 0.5)]
NEEDS_VAL = "record_epochs and early_stopping need eval_splits={'val': (X, y), ...}"


def _at(where: str, words: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(word.replace("{where}", where) for word in words)


def _wrong_part(X_: object, y_: object) -> str:
    return ", ".join(name for name, part, good in (("X", X_, X), ("y", y_, Y)) if part is not good)


CASES: list[Case] = [
    *(
        Case("evaluate", _wrong_part(X_, y_), label, {"X": X_, "y": y_}, _at("evaluate", words))
        for label, X_, y_, *words in SPLIT_MISTAKES
    ),
    *(
        Case(function, where, label, to_args((X_, y_)), _at(where, words))
        for function, where, to_args in SPLIT_ENTRIES
        for label, X_, y_, *words in SPLIT_MISTAKES
    ),
    *(
        Case(function, where, label, to_args(split), _at(where, words))
        for function, where, to_args in SPLIT_ENTRIES
        for label, split, *words in WHOLE_SPLIT_MISTAKES
    ),
    *(
        case(function, argument, value, *_at(where, words), error=error, label=label)
        for function, argument, where in SEED_ENTRIES
        for label, value, error, *words in SEED_MISTAKES
    ),
    *(
        case("load_mnist", "source", source, f"unknown MNIST source {source!r}", *KNOWN_SOURCES)
        for source in ("fashion", "mnist", "MNIST", "")
    ),
    *(
        Case(
            "load_mnist",
            "fractions",
            f"{val}, {test}",
            {"val_fraction": val, "test_fraction": test},
            ("val_fraction and test_fraction must be >= 0", f"got {val}, {test}"),
        )
        for val, test in NO_TRAINING_SET
    ),
    Case(
        "load_mnist",
        "test_fraction",
        "with_full_mnist",
        {"source": "full", "test_fraction": 0.2},
        ("test_fraction applies to source='bundled' only", "official 10,000-digit test split"),
    ),
    *(
        case(
            "with_wrong_labels",
            "fraction",
            value,
            f"fraction must be in [0, 1] (the share of wrong labels), got {value}",
        )
        for value in (math.nan, -0.1, 1.5, 20.0)
    ),
    *(
        case("fit", "lam", lam, f"lam={lam} was given without a penalty", "pass penalty=")
        for lam in (0.1, 1.0, 30.0)
    ),
    *(
        Case("fit", "penalty", label, {"lam": 1.0, "penalty": penalty}, words)
        for label, penalty, *words in [
            (
                "detached",
                lambda m: _squares(m).detach(),
                "penalty(model) returned a tensor without a gradient",
                "no .item(), .data or .detach()",
            ),
            (
                "a_constant",
                lambda m: torch.tensor(1.0),
                "penalty(model) returned a tensor without a gradient",
            ),
            (
                "a_float",
                lambda m: _squares(m).item(),
                "penalty(model) must return a scalar tensor",
            ),
            (
                "a_vector",
                lambda m: torch.stack([(p**2).sum() for p in m.parameters()]),
                "penalty(model) must return a scalar tensor, got tensor([",
            ),
        ]
    ),
    *(
        case("train_sweep", "dropout", p, "dropout is the probability", f"0 <= p < 1, got {p}")
        for p in (-0.1, 1.0, math.nan)
    ),
    *(
        Case("train_sweep", "no val split", option, {option: True}, (NEEDS_VAL,))
        for option in ("record_epochs", "early_stopping")
    ),
    *(
        case(
            "ridge_explorer",
            "ridge",
            ridge,
            "ridge(lam) must return two finite weights",
            got,
            label=label,
        )
        for label, ridge, got in [
            ("three_weights", lambda lam: np.zeros(3), "got array([0., 0., 0.])"),
            ("nan_weights", lambda lam: np.full(2, math.nan), "got array([nan, nan])"),
        ]
    ),
    *(
        case("from_bundle", "name", name, f"unknown convention name {name!r}", ", torch SGD, ")
        for name in ("sgd", "SGD", "torch sgd", "adamw")
    ),
]


@functools.cache
def _error(row: Case) -> Exception | None:
    """The exception that ``row``'s call raises, None if none (each call made once)."""
    call, valid = CALLS[row.function]
    try:
        call(**{**valid(), **row.bad})
    except Exception as err:  # which one, and what it says, is the tests' question
        return err
    return None


def test_each_case_has_its_own_id():
    ids = [row.id for row in CASES]
    assert sorted(set(ids)) == sorted(ids), [i for i in ids if ids.count(i) > 1]


@pytest.mark.parametrize("row", CASES, ids=lambda row: row.id)
def test_a_mistake_gets_an_error_that_names_it(row):
    err = _error(row)
    assert type(err) is row.error, f"{row.id}: {err!r}"
    missing = [word for word in row.words if word not in str(err)]
    assert not missing, f"{row.id}: {missing} not in {str(err)!r}"


def _others(row: Case) -> list[Case]:
    """The cases of ``row``'s function about another argument."""
    return [c for c in CASES if c.function == row.function and c.argument != row.argument]


@pytest.mark.parametrize("row", [r for r in CASES if _others(r)], ids=lambda row: row.id)
def test_the_words_of_a_case_fit_no_message_about_another_argument(row):
    for other in _others(row):
        message = str(_error(other))
        assert not all(word in message for word in row.words), (
            f"the words of {row.id} also fit the message of {other.id}: {message!r}"
        )


# --- Hypothesis: values generated from ranges --------------------------------------------

GENERATED = settings(max_examples=40, derandomize=True, deadline=None)


@GENERATED
@given(
    positions=st.lists(
        st.tuples(st.integers(0, 19), st.integers(0, 783)), min_size=1, max_size=6, unique=True
    ),
    value=st.sampled_from([math.nan, math.inf, -math.inf]),
)
def test_pixels_that_are_nan_or_inf_are_counted_and_the_first_row_named(positions, value):
    bad = X.clone()
    for row, col in positions:
        bad[row, col] = value
    with pytest.raises(ValueError) as err:
        evaluate(make_mlp(SIZES), bad, Y)
    first = min(row for row, _ in positions)
    message = f"evaluate: X holds {len(positions)} value(s) that are NaN or inf (the first in row "
    assert f"{message}{first})" in str(err.value)


@GENERATED
@given(data=st.data(), classes=st.integers(2, 12))
def test_labels_outside_the_models_classes_are_named_with_their_range(data, classes):
    labels = data.draw(
        st.lists(st.integers(-3, classes + 3), min_size=20, max_size=20).filter(
            lambda ys: min(ys) < 0 or max(ys) >= classes
        )
    )
    with pytest.raises(ValueError) as err:
        evaluate(make_mlp((784, classes)), X, torch.tensor(labels))
    assert (
        f"evaluate: y must hold class indices from 0 to {classes - 1}, got values from "
        f"{min(labels)} to {max(labels)}"
    ) in str(err.value)


OUT_OF_UNIT = st.floats(allow_nan=True).filter(lambda f: not 0 <= f <= 1)


@GENERATED
@given(fraction=OUT_OF_UNIT)
def test_a_share_of_wrong_labels_outside_0_1_is_refused(fraction):
    with pytest.raises(ValueError, match=r"fraction must be in \[0, 1\]") as err:
        with_wrong_labels(Y, fraction)
    assert str(err.value).endswith(f"got {fraction}")


@GENERATED
@given(p=st.floats(allow_nan=True).filter(lambda p: not 0 <= p < 1))
def test_a_dropout_outside_0_1_is_refused(p):
    with pytest.raises(ValueError, match="dropout is the probability") as err:
        train_sweep(SIZES, (X, Y), lams=[0.0], seeds=[0], epochs=1, dropout=p, progress=False)
    assert str(err.value).endswith(f"got {p}")


@GENERATED
@given(
    val=st.floats(-1, 2) | st.just(math.nan),
    test=st.floats(-1, 2) | st.just(math.nan),
)
def test_fractions_that_leave_no_training_set_are_refused(val, test):
    assume(not (val >= 0 and test >= 0 and val + test < 1))  # a pair that leaves no training set
    with pytest.raises(ValueError, match="must be >= 0 and leave a training set") as err:
        load_mnist(val_fraction=val, test_fraction=test)
    assert str(err.value).endswith(f"got {val}, {test}")


@GENERATED
@given(lam=st.floats(min_value=0, exclude_min=True, allow_infinity=False))
def test_any_positive_lam_without_a_penalty_is_refused(lam):
    with pytest.raises(ValueError) as err:
        fit(make_mlp(SIZES), (X, Y), epochs=1, lam=lam, progress=False)
    assert f"lam={lam} was given without a penalty function" in str(err.value)


@GENERATED
@given(values=st.lists(st.floats(-1, 1), max_size=2))
def test_fewer_than_three_seeds_get_no_verdict(values):
    with pytest.raises(ValueError) as err:
        verdicts.verdict(values, BASELINE, higher_is_better=True)
    assert f"values has {len(values)} value(s); a verdict needs at least 3 seeds" in str(err.value)


@GENERATED
@given(
    values=st.lists(
        st.floats(-1, 1) | st.sampled_from([math.nan, math.inf, -math.inf]), min_size=3, max_size=6
    )
)
def test_a_seed_that_diverged_gets_no_verdict(values):
    bad = [v for v in values if not math.isfinite(v)]
    assume(bad)
    with pytest.raises(ValueError) as err:
        verdicts.verdict(values, BASELINE, higher_is_better=True)
    assert f"values holds {bad[0]}: a diverged run has no verdict" in str(err.value)


# --- a checker given a student's function that raises --------------------------------------


def test_a_checker_keeps_the_students_own_traceback_and_names_the_case():
    from l10_utils.checks import check_literal_lambda

    def literal_lambda(lam_lecture, n):
        return n * lam_lecture + 0 / (n - 100)  # right, but divides by zero when n = 100

    with pytest.raises(AssertionError) as err:
        check_literal_lambda(literal_lambda)
    message = str(err.value)
    assert "raised ZeroDivisionError" in message and "(lam_lecture=0, n=100)" in message
    assert isinstance(err.value.__cause__, ZeroDivisionError)  # the student's traceback, chained
