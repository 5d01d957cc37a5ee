"""Property-based: every public function answers a bad argument with an error that names it.

Hypothesis throws wrong types, shapes, dtypes, NaN and inf, empty tensors and out-of-range
values at one argument at a time (the others valid); each call must raise ``ValueError`` or
``TypeError`` whose message names that argument — never a raw error from deep inside PyTorch,
NumPy or torchvision, never a result computed from garbage. The valid arguments' behaviour
is tested elsewhere. A fixed seed (``derandomize``) and a few examples per argument keep the
run to a few seconds and the same everywhere.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st
from torch import nn

from l10_utils import (
    data_root,
    evaluate,
    explore,
    fit,
    load_mnist,
    make_mlp,
    plot_seed_sweep,
    plot_sweep_curves,
    plot_weight_histograms,
    set_seed,
    two_classes,
    use_threads,
    weight_norms,
    with_wrong_labels,
)
from l10_utils import seeds as seeds_module
from l10_utils.conventions import from_bundle
from l10_utils.sweep import train_sweep

G = torch.Generator().manual_seed(0)
X = torch.rand(20, 784, generator=G)
Y = torch.arange(20) % 10
X2, Y2 = two_classes(30)
MODEL = make_mlp((784, 4, 10))
SMALL = make_mlp((2, 4, 2), dtype=torch.float64)
PER_SEED = {"train_acc": [0.9, 0.8, 0.85], "val_acc": [0.8, 0.7, 0.75],
            "train_loss": [0.1, 0.2, 0.15], "val_loss": [0.3, 0.4, 0.35]}  # fmt: skip
SWEEP = train_sweep((784, 4, 10), (X, Y), lams=[0.0, 1.0], seeds=[0, 1, 2], epochs=1,
                    eval_splits={"val": (X, Y)}, record_epochs=True, progress=False)  # fmt: skip


def _bad_X():
    nan, inf = X.clone(), X.clone()
    nan[3, 5], inf[0, 0] = math.nan, math.inf
    return [nan, inf, X.long(), X[0], X[:0], X[:, :10], "pixels", None]


def _bad_y():
    return [Y.float(), Y[:5], Y - 1, Y + 10, Y[:, None], [0, 1], None]


bad_int = st.one_of(
    st.text(max_size=3), st.floats(), st.none(), st.booleans(), st.integers(max_value=-1)
)
bad_count = st.one_of(bad_int, st.just(0))
bad_number = st.one_of(
    st.text(max_size=3), st.none(), st.sampled_from([math.nan, math.inf, -math.inf, [1.0]])
)
bad_nonnegative = st.one_of(bad_number, st.floats(max_value=-1e-6, allow_infinity=False))
bad_bool = st.sampled_from(["yes", 1, None, 0.0])
bad_model = st.sampled_from([None, "mlp", torch.zeros(3), 3, nn.ReLU])
bad_X, bad_y = st.sampled_from(_bad_X()), st.sampled_from(_bad_y())
bad_values = st.one_of(
    st.just([0.9]),
    st.just([0.9, 0.8]),
    st.just([0.9, math.nan, 0.8]),
    st.just([0.9, math.inf, 0.8]),
    st.just("0.9, 0.8, 0.7"),
    st.just([True, False, True]),
    st.none(),
)

# function -> (valid keyword arguments, {argument: (strategy of bad values, name in message)})
CASES = {
    "load_mnist": (
        load_mnist,
        {},
        {
            "source": (st.sampled_from(["mnist", "", None, 3]), "source"),
            "root": (st.sampled_from([3, None, ""]), "root"),
            "seed": (bad_int, "seed"),
            "val_fraction": (st.sampled_from(["a", math.nan, math.inf, -0.1, 1.0]), "val_fraction"),
            "download": (bad_bool, "download"),
        },
    ),
    "data_root": (data_root, {}, {"local": (st.sampled_from([3, None, ""]), "local")}),
    "two_classes": (
        two_classes,
        {},
        {"n": (st.one_of(bad_int, st.just(1)), "n"), "seed": (bad_int, "seed")},
    ),
    "with_wrong_labels": (
        with_wrong_labels,
        {"y": Y, "fraction": 0.2},
        {
            "y": (st.sampled_from([Y.float(), Y - 1, Y + 10, Y[:, None], [0, 1], None]), "y"),
            "fraction": (st.one_of(bad_number, st.sampled_from([-0.1, 1.5])), "fraction"),
            "seed": (bad_int, "seed"),
        },
    ),
    "make_mlp": (
        make_mlp,
        {"sizes": (4, 3, 2)},
        {
            "sizes": (
                st.sampled_from([[], [5], [0, 3], [-1, 2], "abc", None, [2.5, 3], [True, 2]]),
                "sizes",
            ),
            "activation": (st.sampled_from([nn.ReLU(), "relu", None, torch.relu]), "activation"),
            "batch_norm": (bad_bool, "batch_norm"),
            "dtype": (st.sampled_from([torch.int64, "float32", None, float]), "dtype"),
        },
    ),
    "weight_norms": (weight_norms, {"model": MODEL}, {"model": (bad_model, "model")}),
    "set_seed": (set_seed, {"seed": 0}, {"seed": (bad_int, "seed")}),
    "use_threads": (
        use_threads,
        {"n": 1},
        {"n": (st.one_of(st.text(max_size=3), st.floats(), st.booleans(), st.just(0)), "n")},
    ),
    "evaluate": (
        evaluate,
        {"model": MODEL, "X": X, "y": Y},
        {
            "model": (bad_model, "model"),
            "X": (bad_X, "X"),
            "y": (bad_y, "y"),
            "batch_size": (bad_count, "batch_size"),
        },
    ),
    "fit": (
        fit,
        {"model": MODEL, "train": (X, Y), "epochs": 1, "progress": False},
        {
            "model": (bad_model, "model"),
            "train": (
                st.one_of(
                    bad_X.map(lambda x: (x, Y)),
                    bad_y.map(lambda y: (X, y)),
                    st.sampled_from([X, None, (X,), "data"]),
                ),
                "train",
            ),  # fmt: skip
            "val": (st.one_of(bad_X.map(lambda x: (x, Y)), st.sampled_from([X, "val"])), "val"),
            "epochs": (bad_count, "epochs"),
            "batch_size": (bad_count, "batch_size"),
            "lr": (st.one_of(bad_number, st.sampled_from([0.0, -0.1])), "lr"),
            "lam": (bad_nonnegative, "lam"),
            "seed": (bad_int, "seed"),
            "penalty": (st.sampled_from(["l2", 3]), "penalty"),
            "optimizer": (st.sampled_from(["sgd", 0.1, MODEL]), "optimizer"),
            "progress": (bad_bool, "progress"),
        },
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
            "sizes": (
                st.sampled_from([[], [784], [784, 0, 10], "784", None, [784.0, 10]]),
                "sizes",
            ),
            "train": (st.one_of(bad_X.map(lambda x: (x, Y)), bad_y.map(lambda y: (X, y))), "train"),
            "lams": (
                st.one_of(
                    st.sampled_from([[], None, "0.1", [-1.0], [math.nan]]),
                    bad_nonnegative.map(lambda v: [v]),
                ),
                "lams",
            ),  # fmt: skip
            "seeds": (st.one_of(st.sampled_from([[], None]), bad_int.map(lambda v: [v])), "seeds"),
            "epochs": (bad_count, "epochs"),
            "batch_size": (bad_count, "batch_size"),
            "lr": (st.one_of(bad_number, st.sampled_from([0.0, -1.0])), "lr"),
            "momentum": (st.one_of(bad_number, st.sampled_from([-0.1, 1.0])), "momentum"),
            "dropout": (st.one_of(bad_number, st.sampled_from([-0.1, 1.0])), "dropout"),
            "dtype": (st.sampled_from([torch.int64, "float64", None]), "dtype"),
            "device": (st.sampled_from(["gpu", 3.5, "nowhere"]), "device"),
            "eval_splits": (st.sampled_from([[X, Y], "val", {"val": X}]), "val"),
            "record_epochs": (bad_bool, "record_epochs"),
        },
    ),
    "plot_weight_histograms": (
        plot_weight_histograms,
        {"models": {"a": MODEL}},
        {
            "models": (st.sampled_from([{}, None, [MODEL], {"a": 3}]), "models"),
            "bins": (bad_count, "bins"),
        },
    ),
    "plot_seed_sweep": (
        plot_seed_sweep,
        {"results": {0.0: PER_SEED, 1.0: PER_SEED}},
        {
            "results": (
                st.sampled_from(
                    [
                        None,
                        [PER_SEED],
                        {0.0: PER_SEED},
                        {1.0: {"val_acc": [1]}},
                        {-1.0: PER_SEED},
                        {1.0: {**PER_SEED, "val_acc": [math.nan]}},
                    ]
                ),
                "results",
            ),  # fmt: skip
        },
    ),
    "plot_sweep_curves": (
        plot_sweep_curves,
        {"sweep": SWEEP, "lams": [0.0]},
        {
            "sweep": (st.sampled_from([None, {"lams": [0.0]}, "sweep"]), "sweep"),
            "lams": (st.sampled_from([[], [7.0], "0", None]), "λ"),
        },
    ),
    "ridge_explorer": (
        explore.ridge_explorer,
        {"X": X2, "y": X2[:, 0], "ridge": lambda lam: np.zeros(2), "lams": [1.0, 10.0]},
        {
            "ridge": (st.sampled_from([None, "ridge", lambda lam: np.zeros(3)]), "ridge"),
            "X": (st.sampled_from([None, "data", X2[:, :1], X2[:1], X2 * math.nan]), "X"),
            "y": (st.sampled_from([None, X2[:5, 0], X2]), "y"),
            "lams": (
                st.sampled_from([[1.0], [-1.0, 1.0], "1", [1.0, math.nan], [2.0, 2.0]]),
                "lams",
            ),
        },
    ),
    "logistic_explorer": (
        explore.logistic_explorer,
        {"X": X2, "y": Y2, "lams": [1.0, 10.0], "paths": (np.zeros((2, 2)), np.zeros((2, 2)))},
        {
            "paths": (st.sampled_from([None, (np.zeros((3, 2)),) * 2, "paths", (1,)]), "paths"),
            "y": (st.sampled_from([Y2 + 2, Y2 * 0, None]), "y"),
            "lams": (st.sampled_from([[0.0, 1.0], [1.0], "1"]), "lams"),
        },
    ),
    "boundary_explorer": (
        explore.boundary_explorer,
        {"models_by_lam": {0.0: SMALL, 1.0: SMALL}, "X": X2, "y": Y2},
        {
            "models_by_lam": (
                st.sampled_from([{}, {0.0: SMALL}, [SMALL, SMALL], {0.0: 1, 1.0: 2}]),
                "models_by_lam",
            ),  # fmt: skip
            "grid_limits": (st.sampled_from([(0, 1), (1, 0, 0, 1), "box"]), "grid_limits"),
            "resolution": (st.sampled_from([3, 2.5, "high"]), "resolution"),
        },
    ),
    "from_bundle": (
        from_bundle,
        {"name": "torch SGD", "lam": 1.0, "n": 100},
        {
            "name": (st.sampled_from(["sgd", None, 3, ["torch SGD"]]), "name"),
            "lam": (bad_nonnegative, "lam"),
            "n": (bad_count, "n"),
        },
    ),
    "beyond_spread": (
        seeds_module.beyond_spread,
        {"a": [0.9, 0.8, 0.85], "b": [0.7, 0.6, 0.65]},
        {"a": (bad_values, "a"), "b": (bad_values, "b")},
    ),
    "compare": (
        seeds_module.compare,
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
def test_a_bad_argument_gets_an_error_that_names_it(function, argument, data):
    call, valid, bad = CASES[function]
    strategy, named = bad[argument]
    value = data.draw(strategy, label=argument)
    with pytest.raises((ValueError, TypeError)) as err:
        call(**{**valid, argument: value})
    assert named in str(err.value), f"{function}({argument}={value!r}): {err.value}"
