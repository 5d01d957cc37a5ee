"""Property-based: each mistake a student makes with the public functions gets an error naming it.

The policy (docs/package.md, "What is checked and why"): the package checks the mistakes
students make, which PyTorch would answer with a raw error far from the cause or not at all:
data that are not a pair of tensors, pixels that are NaN or inf or not floats, labels that
are not int64 class indices or are out of range, data the model's first layer cannot take,
λ > 0 without a penalty, a penalty that is not a scalar with a gradient, fewer than 3 seeds
or NaN in a verdict, an unknown data source or convention name, fractions that leave no
training set. A wrong type for a plain setting (``epochs="3"``, ``lr=-1``) is left to Python
and PyTorch, whose own errors name it. Hypothesis draws one mistake at a time (the other
arguments valid); each call must raise ``ValueError`` or ``TypeError`` whose message names
the argument. A fixed seed (``derandomize``) keeps the run short and the same everywhere.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

from l10_utils import (
    evaluate,
    fit,
    load_mnist,
    make_mlp,
    pictures,
    two_classes,
    verdicts,
    with_wrong_labels,
)
from l10_utils.conventions import from_bundle
from l10_utils.sweep import train_sweep

G = torch.Generator().manual_seed(0)
X = torch.rand(20, 784, generator=G)
Y = torch.arange(20) % 10
X2, _ = two_classes(30)
MODEL = make_mlp((784, 4, 10))


def _bad_X():
    nan, inf = X.clone(), X.clone()
    nan[3, 5], inf[0, 0] = math.nan, math.inf
    return [nan, inf, X.long(), X[0], X[:0], X[:, :10], "pixels", None]


def _bad_y():
    return [Y.float(), Y[:5], Y - 1, Y + 10, Y[:, None], [0, 1], None]


def _squares(model):
    return sum((p**2).sum() for p in model.parameters() if p.ndim >= 2)


bad_X, bad_y = st.sampled_from(_bad_X()), st.sampled_from(_bad_y())
bad_split = st.one_of(
    bad_X.map(lambda x: (x, Y)), bad_y.map(lambda y: (X, y)), st.sampled_from([X, (X,), "data"])
)
bad_values = st.one_of(
    st.just([0.9]),
    st.just([0.9, 0.8]),
    st.just([0.9, math.nan, 0.8]),
    st.just([0.9, math.inf, 0.8]),
    st.just("0.9, 0.8, 0.7"),
    st.just([True, False, True]),
    st.none(),
)
no_gradient = st.sampled_from(
    [
        lambda m: _squares(m).detach(),
        lambda m: _squares(m).item(),
        lambda m: torch.tensor(1.0),
        lambda m: torch.stack([(p**2).sum() for p in m.parameters()]),  # not a scalar
    ]
)

# function -> (valid keyword arguments, {argument: (strategy of mistakes, name in message)})
CASES = {
    "load_mnist": (
        load_mnist,
        {},
        {
            "source": (st.sampled_from(["mnist", "", "MNIST", "fashion"]), "source"),
            "val_fraction": (st.sampled_from([math.nan, -0.1, 1.0, 0.9]), "val_fraction"),
        },
    ),
    "with_wrong_labels": (
        with_wrong_labels,
        {"y": Y, "fraction": 0.2},
        {"fraction": (st.sampled_from([math.nan, -0.1, 1.5, 20.0]), "fraction")},
    ),
    "evaluate": (
        evaluate,
        {"model": MODEL, "X": X, "y": Y},
        {"X": (bad_X, "X"), "y": (bad_y, "y")},
    ),
    "fit": (
        fit,
        {"model": MODEL, "train": (X, Y), "epochs": 1, "progress": False},
        {
            "train": (bad_split, "train"),
            "val": (bad_split, "val"),
            "lam": (st.sampled_from([0.1, 1.0, 30.0]), "lam"),  # λ > 0 without a penalty
        },
    ),
    "fit with a penalty": (
        fit,
        {"model": MODEL, "train": (X, Y), "epochs": 1, "progress": False, "lam": 1.0},
        {"penalty": (no_gradient, "penalty")},
    ),
    "train_sweep": (
        train_sweep,
        {
            "sizes": (784, 4, 10),
            "train": (X, Y),
            "lams": [0.0],
            "seeds": [0],
            "epochs": 1,
            "progress": False,
        },  # fmt: skip
        {
            "train": (bad_split, "train"),
            "eval_splits": (bad_split.map(lambda split: {"val": split}), "val"),
            "record_epochs": (st.just(True), "val"),  # per-epoch numbers need a "val" split
            "dropout": (st.sampled_from([-0.1, 1.0, math.nan]), "dropout"),
        },
    ),
    "ridge_explorer": (
        pictures.ridge_explorer,
        {"X": X2, "y": X2[:, 0], "ridge": lambda lam: np.zeros(2), "lams": [1.0, 10.0]},
        {
            "ridge": (
                st.sampled_from([lambda lam: np.zeros(3), lambda lam: np.full(2, math.nan)]),
                "ridge",
            ),
        },
    ),
    "from_bundle": (
        from_bundle,
        {"name": "torch SGD", "lam": 1.0, "n": 100},
        {"name": (st.sampled_from(["sgd", "SGD", "torch sgd", "adamw"]), "name")},
    ),
    "verdict": (
        verdicts.verdict,
        {"values": [0.9, 0.8, 0.85], "baseline": [0.7, 0.6, 0.65], "higher_is_better": True},
        {"values": (bad_values, "values"), "baseline": (bad_values, "baseline")},
    ),
    "compare": (
        verdicts.compare,
        {
            "label": "λ = 1",
            "values": [0.9, 0.8, 0.85],
            "baseline_label": "λ = 0",
            "baseline": [0.7, 0.6, 0.65],
            "metric": "accuracy",
            "higher_is_better": True,
        },  # fmt: skip
        {"values": (bad_values, "λ = 1"), "baseline": (bad_values, "λ = 0")},
    ),
}


@pytest.mark.parametrize(
    "function, argument",
    [(function, argument) for function, (_, _, bad) in CASES.items() for argument in bad],
)
@settings(max_examples=12, derandomize=True, deadline=None)
@given(data=st.data())
def test_a_students_mistake_gets_an_error_that_names_it(function, argument, data):
    call, valid, bad = CASES[function]
    strategy, named = bad[argument]
    value = data.draw(strategy, label=argument)
    with pytest.raises((ValueError, TypeError)) as err:
        call(**{**valid, argument: value})
    assert named in str(err.value), f"{function}({argument}={value!r}): {err.value}"
