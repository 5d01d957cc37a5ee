"""Notebook 3: translating the course's L2 code into ``weight_decay``, and parameter groups."""

from __future__ import annotations

from collections.abc import Callable

import torch
from torch import nn

from ._common import (
    _call,
    _likely_cause,
    _notebook_numbers,
    _parameter_names,
    _passed,
    _require_number,
    _seeded,
)


def _same(value: float, want: float) -> bool:
    return abs(value - want) <= 1e-12 * max(1.0, abs(want))


def _check_weight_decay(
    fn, name, cases, want, mistakes, ignores_n, fallback, count="n", global_names=("n",), then=""
) -> None:
    """Check ``fn(lam, n) == want(lam, n)``, a Python number; else name the likely mistake."""
    arg = _parameter_names(fn, 1)[0]
    for lam, n in cases:
        args = f"({arg}={lam}, {count}={n})"
        got = _call(fn, name, lam, n, case=args)
        value = _require_number(got, name + args, "a float such as 0.25")
        if _same(value, want(lam, n)):
            continue
        hints = [hint for hint, v in mistakes(lam, n).items() if _same(value, v)]
        if not hints and lam:
            hints = [
                f"use the argument {count}, not the notebook's {gname} (= {g}): inside the "
                f"function, {count} is the number the check passes in, and it changes from "
                "case to case."
                for gname, g in _notebook_numbers(fn, global_names).items()
                if g != n and _same(value, want(lam, g))
            ][:1]
        if not hints and lam:
            try:  # only a diagnosis: the verdict is already made
                other = fn(lam, 2 * n)
            except Exception:
                other = None
            if isinstance(other, int | float) and _same(float(other), value):
                hints = [ignores_n]
        raise AssertionError(
            f"{name}{args} returned {value:.12g}, which is not the weight_decay asked for. "
            + _likely_cause(hints, fallback)
        )
    _passed(name, len(cases), then)


# --------------------------------------------------------------------------- the course's code

# (LAMBDA, B). The first case keeps every mistake below apart (no two give the same number,
# nor a notebook's batch size 64 in place of the argument); LAMBDA = 0 and B = 1 are edge
# cases.
NETWORK_CASES = [(3.0, 50), (0.5, 128), (0.0, 32), (10.0, 64), (2.0, 1), (0.01, 256)]

_WD_MEANS = "weight_decay=wd stands for wd/2 * ||p||^2 added to the loss (the one-step identity)"
_SIGN = (
    "the sign is wrong: SGD already subtracts lr * (gradient + weight_decay * w), so "
    "weight_decay is positive."
)


def _network_mistakes(LAMBDA: float, B: int) -> dict[str, float]:
    return {
        "the lecture says to pass LAMBDA to weight_decay, but that is exact only for a summed "
        "loss without a 1/2: this code divides its penalty by the batch size and has no 1/2, "
        "so compare what each adds to the gradient.": LAMBDA,
        "too small: count every factor between the course's penalty and its gradient, the "
        "one its code writes in front of LAMBDA and the one differentiating L2 = sum w^2 "
        "brings.": LAMBDA / B,
        "too small: differentiating L2 = sum w^2 brings a factor of its own, on top of the "
        "one the course's code writes; SGD adds weight_decay * w to the gradient as it is.": (
            2 * LAMBDA / B
        ),
        "the batch size is missing: the course's penalty is divided by targets.size(0), the "
        "argument batch_size, on every mini-batch.": 4 * LAMBDA,
        "the batch size is counted twice: the mean loss already averages over the batch, and "
        "the course's penalty is divided by targets.size(0) once.": 2 * LAMBDA / B**2,
        "the batch size multiplies where it divides: the course's code divides its penalty by "
        "targets.size(0).": 4 * LAMBDA * B,
        "the fraction is upside down.": B / (4 * LAMBDA) if LAMBDA else float("nan"),
        _SIGN: -4 * LAMBDA / B,
    }


def check_network_code_weight_decay(
    network_code_weight_decay: Callable[[float, int], float],
) -> None:
    """Check ``network_code_weight_decay(LAMBDA, batch_size)``: SGD's ``weight_decay`` (weight
    matrices only, plain mean loss) that steps like the course's code, which adds
    ``2./targets.size(0) * LAMBDA * L2`` (L2 = Σw², no biases) on every mini-batch.

    It must return a plain Python float (an int such as 0, or NumPy's float64, is one too).
    """
    _check_weight_decay(
        network_code_weight_decay,
        "network_code_weight_decay",
        NETWORK_CASES,
        # the gradient of the course's per-batch penalty 2/B * LAMBDA * sum w^2, per weight
        lambda LAMBDA, B: 2.0 / B * LAMBDA * 2.0,
        _network_mistakes,
        ignores_n="your weight_decay does not change with the batch size: the course's "
        "penalty is divided by targets.size(0), the argument batch_size, on every mini-batch.",
        fallback="write the gradient of the course's per-batch penalty with respect to one "
        f"weight w, and compare it with what SGD adds to the gradient: {_WD_MEANS}.",
        count="batch_size",
        global_names=("batch_size", "B", "BATCH_SIZE"),  # what a notebook calls its batch size
        then="Your weight_decay depends on the batch size: dividing the penalty by B, not n, "
        "makes it n/B times stronger, so the same LAMBDA is another λ for each batch size.",
    )


# --------------------------------------------------------------------------- the lecture's λ

# (λ, n). The values keep every mistake below apart (no two give the same number); λ = 0 (an
# int, as a student may pass it) and n = 1 are edge cases.
LECTURE_CASES = [(0.6, 12), (0.1, 1000), (1.0, 60), (0, 100), (3.0, 3000), (2.5, 1), (20.0, 50_000)]


def _lecture_mistakes(lam: float, n: int) -> dict[str, float]:
    return {
        "that converts a λ of our convention, not the lecture's: the lecture's penalty "
        "(lam / n) sum w^2 has no 1/2, ours has (notebook 1 relates the two λs).": lam / n,
        "weight_decay is not lam: the lecture says to pass lambda to weight_decay, but its "
        "cost averages the loss over n and has no 1/2: compare what each adds to the "
        "gradient.": lam,
        "n is missing: the lecture's penalty (lam / n) sum w^2 is divided by n, like the mean "
        "loss.": 2 * lam,
        f"the lecture's cost has no 1/2, and {_WD_MEANS}: compare the gradients of the two "
        "penalties.": lam / (2 * n),
        "too large, a factor is counted twice: SGD adds weight_decay * w to the gradient as "
        "it is, and differentiating the lecture's penalty brings its factor only once.": (
            4 * lam / n
        ),
        "the fraction is upside down.": n / (2 * lam) if lam else float("nan"),
        "n multiplies where it divides.": 2 * lam * n,
        _SIGN: -2 * lam / n,
        "lam / 2 converts our λ into the lecture's, the other way round, and the n is missing.": lam
        / 2,
    }


def check_lecture_to_weight_decay(lecture_to_weight_decay: Callable[[float, int], float]) -> None:
    """Check ``lecture_to_weight_decay(lam, n)``: SGD's ``weight_decay`` that trains like the
    lecture's cost (1/n)·ΣL + (λ/n)·Σw² (no ½, biases in a group without decay).

    It must return a plain Python float (an int such as 0, or NumPy's float64, is one too).
    """
    _check_weight_decay(
        lecture_to_weight_decay,
        "lecture_to_weight_decay",
        LECTURE_CASES,
        lambda lam, n: 2 * lam / n,
        _lecture_mistakes,
        ignores_n="your weight_decay does not change with n. The lecture's penalty "
        "(lam / n) sum w^2 is divided by n, the number of training examples (the argument "
        "n), not by a batch size B or a fixed number.",
        fallback="differentiate the lecture's penalty (lam / n) sum w^2 and compare it with "
        f"what SGD adds to the gradient: {_WD_MEANS}.",
    )


# --------------------------------------------------------------------------- parameter groups


def _group_decays(groups: object, names: dict[int, str]) -> dict[int, float]:
    if not isinstance(groups, list):
        once = " (a generator can be read only once)" if hasattr(groups, "__next__") else ""
        raise AssertionError(
            f"decay_param_groups must return a list of dicts, got {type(groups).__name__}{once}. "
            "Return a list with one dict per group, each with the keys 'params' and "
            "'weight_decay'."
        )
    seen: dict[int, float] = {}
    for group in groups:
        if not isinstance(group, dict) or "params" not in group:
            raise AssertionError(
                f"each parameter group must be a dict with a 'params' list, got {group!r}"
            )
        if not isinstance(group["params"], list):
            raise AssertionError(
                "each group's 'params' must be a list of the model's tensors, got "
                f"{type(group['params']).__name__}."
            )
        if "weight_decay" not in group:
            raise AssertionError(
                "give every group an explicit 'weight_decay' (wd or 0.0), so that "
                "nothing depends on the optimizer's default"
            )
        for p in group["params"]:
            if id(p) not in names:
                raise AssertionError("a group holds a tensor that is not a model parameter")
            if id(p) in seen:
                raise AssertionError(
                    f"{names[id(p)]} appears in more than one group (or twice): every "
                    "parameter must be in exactly one group"
                )
            seen[id(p)] = float(group["weight_decay"])
    return seen


def _check_decays(model: nn.Module, seen: dict[int, float], wd: float) -> None:
    for pname, p in model.named_parameters():
        if id(p) not in seen:
            if p.requires_grad:
                raise AssertionError(
                    f"{pname} is missing from the groups: the optimizer would never "
                    "update it. Every trainable parameter must be in exactly one group."
                )
            continue
        want = wd if p.ndim >= 2 else 0.0
        if seen[id(p)] == want:
            continue
        owner = type(model.get_submodule(pname.rpartition(".")[0])).__name__
        if want:
            role, why = "a weight tensor", f"weight tensors (ndim >= 2) get weight_decay={wd}"
        elif "Norm" in owner:  # the checker's models have BatchNorm1d and LayerNorm
            role = "a normalization-layer scale or shift"
            why = (
                "it has ndim 1, so it must not be decayed: sort the tensors by their number of "
                "dimensions, not by their name (a norm layer's scale is also called 'weight')"
            )
        else:
            role = "a bias"
            why = "biases (ndim <= 1) must not be decayed: sort the tensors by their ndim"
        raise AssertionError(
            f"{pname} ({role}, shape {tuple(p.shape)}) has weight_decay="
            f"{seen[id(p)]}, expected {want}: {why}."
        )


def check_decay_param_groups(decay_param_groups: Callable) -> None:
    """Check ``decay_param_groups(model, wd)``: each trainable tensor in one group, those with
    ndim >= 2 decayed by ``wd``, the others not.

    It must return a list of dicts, each with a ``'params'`` list of the model's tensors and
    an explicit ``'weight_decay'`` (notebook 3 passes the list to ``torch.optim.SGD``).
    """
    from ..models import make_mlp

    name = "decay_param_groups"
    with _seeded():
        models = [make_mlp((4, 8, 3)), make_mlp((6, 16, 8, 2), batch_norm=True)]
        # a conv layer, a LayerNorm and a frozen layer: more shapes to group
        layers = [nn.Conv1d(2, 4, 3), nn.Flatten(), nn.LayerNorm(24), nn.Linear(24, 3)]
        models.append(nn.Sequential(*layers, nn.Linear(3, 3).requires_grad_(False)))
    for model in models:
        names = {id(p): pname for pname, p in model.named_parameters()}
        where = f"(model with parameters {', '.join(names.values())})"
        for wd in (0.01, 5e-4):
            groups = _call(decay_param_groups, name, model, wd, case=where)
            _check_decays(model, _group_decays(groups, names), wd)
            try:
                torch.optim.SGD(groups, lr=0.1)
            except (TypeError, ValueError) as err:
                raise AssertionError(
                    f"torch.optim.SGD does not accept these groups: {err}"
                ) from None
    _passed(name, 2 * len(models))
