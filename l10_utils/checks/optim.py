"""Notebook 3: translating the course's L2 code into ``weight_decay``, and parameter groups.

The checkers of notebook 3's exercises: ``network_code_weight_decay`` (the course's MLP
code, which adds a per-batch penalty ``2./targets.size(0) * LAMBDA * L2`` to the mean loss),
``lecture_to_weight_decay`` (the slide formula (1/n)ΣL + (λ/n)Σw²) and
``decay_param_groups`` (biases and norm-layer parameters out of the decay). Their messages,
like this docstring, name mistakes and ideas, never an answer: the notebook derives them.
"""

from __future__ import annotations

from collections.abc import Callable

import torch
from torch import nn

from ._common import _call, _likely_cause, _parameter_names, _passed, _require_number, _seeded

#: (value, hint) of each likely wrong answer for the exercise's numbers (λ, n).
Mistakes = Callable[[float, int], list[tuple[float, str]]]


def _same(value: float, want: float) -> bool:
    return abs(value - want) <= 1e-12 * max(1.0, abs(want))


def _check_weight_decay(
    fn: Callable[[float, int], float],
    name: str,
    cases: list[tuple[float, int]],
    want: Callable[[float, int], float],
    mistakes: Mistakes,
    ignores_n: str,
    fallback: str,
    count: str = "n",
    global_names: tuple[str, ...] = ("n",),
) -> None:
    """Check ``fn(lam, n) == want(lam, n)`` on ``cases``, a Python number each time.

    ``count`` names the second argument (a number of examples) in the messages. A wrong
    value gets the hint of each mistake in ``mistakes`` that gives it; else, when it is the
    value for one of the notebook's globals ``global_names`` (read from ``fn.__globals__``),
    the hint to use the argument; else, when ``fn`` ignores ``n``, the hint ``ignores_n``;
    else ``fallback``.
    """
    arg = _parameter_names(fn, 1)[0]
    for lam, n in cases:
        args = f"({arg}={lam}, {count}={n})"
        got = _call(fn, name, lam, n, case=args)
        value = _require_number(got, name + args, "a float such as 0.25")
        if _same(value, want(lam, n)):
            continue
        hints = [hint for v, hint in mistakes(lam, n) if _same(value, v)]
        if not hints and lam:
            hints = _global_hint(fn, count, global_names, value, lambda g, lam=lam: want(lam, g), n)
        if not hints and lam and _ignores_n(fn, value, lam, n):
            hints = [ignores_n]
        raise AssertionError(
            f"{name}{args} returned {value:.12g}, which is not the weight_decay asked for. "
            + _likely_cause(hints, fallback)
        )
    _passed(name, len(cases))


def _global_hint(
    fn: Callable,
    count: str,
    global_names: tuple[str, ...],
    value: float,
    want: Callable[[int], float],
    n: int,
) -> list[str]:
    """The hint for a ``value`` computed from a notebook's global count, not the argument."""
    names = getattr(fn, "__globals__", {})
    for gname in global_names:
        g = names.get(gname)
        if _is_count(g) and g != n and _same(value, want(g)):
            return [
                f"use the argument {count}, not the notebook's {gname} (= {g}): inside the "
                f"function, {count} is the number the check passes in, and it changes from "
                "case to case."
            ]
    return []


def _is_count(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value > 0


def _ignores_n(fn: Callable, value: float, lam: float, n: int) -> bool:
    """Whether ``fn(lam, 2n)`` returns ``value`` again (only a diagnosis: never raises)."""
    try:
        other = fn(lam, 2 * n)
    except Exception:  # the verdict is already made
        return False
    return isinstance(other, int | float) and _same(float(other), value)


# --------------------------------------------------------------------------- the course's code

# (LAMBDA, B). The first case keeps every mistake below apart (no two give the same number,
# nor a notebook's batch size 64 in place of the argument); LAMBDA = 0 and B = 1 are edge
# cases.
NETWORK_CASES = [(3.0, 50), (0.5, 128), (0.0, 32), (10.0, 64), (2.0, 1), (0.01, 256)]

_WD_MEANS = "weight_decay=wd stands for wd/2 * ||p||^2 added to the loss (the one-step identity)"

#: The names a notebook gives its batch size; used in place of the argument, they are a mistake.
_BATCH_SIZE_NAMES = ("batch_size", "B", "BATCH_SIZE")


def _network_mistakes(LAMBDA: float, B: int) -> list[tuple[float, str]]:
    """Return (value, hint) for the likely wrong answers of ``network_code_weight_decay``."""
    return [
        (
            LAMBDA,
            "the lecture says to pass LAMBDA to weight_decay, but that is exact only for a "
            "summed loss without a 1/2: this code divides its penalty by the batch size and "
            "has no 1/2, so compare what each adds to the gradient.",
        ),
        (
            LAMBDA / B,
            "four times too small, both factors 2 are missing: the course writes "
            "2./targets.size(0), and differentiating L2 = sum w^2 doubles it again.",
        ),
        (
            2 * LAMBDA / B,
            "the factor 2 of the derivative is missing: differentiating L2 = sum w^2 gives "
            "2w, on top of the 2 the course's code writes; SGD adds weight_decay * w to the "
            "gradient as it is.",
        ),
        (
            4 * LAMBDA,
            "the batch size is missing: the course's penalty is divided by targets.size(0), "
            "the argument batch_size, on every mini-batch.",
        ),
        (
            2 * LAMBDA / B**2,
            "the batch size is counted twice: the mean loss already averages over the batch, "
            "and the course's penalty is divided by targets.size(0) once.",
        ),
        (
            4 * LAMBDA * B,
            "the batch size multiplies where it divides: the course's code divides its "
            "penalty by targets.size(0).",
        ),
        (
            B / (4 * LAMBDA) if LAMBDA else float("nan"),
            "the fraction is upside down.",
        ),
        (
            -4 * LAMBDA / B,
            "the sign is wrong: SGD already subtracts lr * (gradient + weight_decay * w), so "
            "weight_decay is positive.",
        ),
    ]


def check_network_code_weight_decay(
    network_code_weight_decay: Callable[[float, int], float],
) -> None:
    """Check ``network_code_weight_decay(LAMBDA, batch_size)``: the course's network code.

    The course's MLP code adds, on every mini-batch, ``2./targets.size(0) * LAMBDA * L2``
    to the mean cross-entropy, ``L2`` the sum of the squared weights (no biases); the
    function gives the ``weight_decay`` of ``SGD`` on the weight matrices (biases in a group
    without decay), with the plain mean loss, that takes the same steps when every batch has
    ``batch_size`` examples.

    It must return a plain Python float (an int such as 0 is accepted, and so is a NumPy
    float64, which is a float); not a tensor: ``torch.optim.SGD`` takes ``weight_decay`` as
    a float.
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
        global_names=_BATCH_SIZE_NAMES,
    )


# --------------------------------------------------------------------------- the lecture's λ

# (λ, n). The values keep every mistake below apart (no two give the same number); λ = 0 and
# n = 1 are edge cases.
LECTURE_CASES = [
    (0.6, 12),
    (0.1, 1000),
    (1.0, 60),
    (0.0, 100),
    (3.0, 3000),
    (2.5, 1),
    (20.0, 50_000),
]


def _lecture_mistakes(lam: float, n: int) -> list[tuple[float, str]]:
    """Return (value, hint) for the likely wrong answers of ``lecture_to_weight_decay``."""
    return [
        (
            lam / n,
            "that converts a λ of our convention, not the lecture's: the lecture's penalty "
            "(lam / n) sum w^2 has no 1/2, ours has (notebook 1 relates the two λs).",
        ),
        (
            lam,
            "weight_decay is not lam: the lecture says to pass lambda to weight_decay, but "
            "its cost averages the loss over n and has no 1/2: compare what each adds to "
            "the gradient.",
        ),
        (
            2 * lam,
            "n is missing: the lecture's penalty (lam / n) sum w^2 is divided by n, like the "
            "mean loss.",
        ),
        (
            lam / (2 * n),
            f"the lecture's cost has no 1/2, and {_WD_MEANS}: compare the gradients of the "
            "two penalties.",
        ),
        (
            4 * lam / n,
            "twice too large, the 2 is counted twice: SGD adds weight_decay * w to the "
            "gradient as it is, and the lecture's penalty doubles only once when you "
            "differentiate it.",
        ),
        (n / (2 * lam) if lam else float("nan"), "the fraction is upside down."),
        (2 * lam * n, "n multiplies where it divides."),
        (
            -2 * lam / n,
            "the sign is wrong: SGD already subtracts lr * (gradient + weight_decay * w), so "
            "weight_decay is positive.",
        ),
        (
            lam / 2,
            "lam / 2 converts our λ into the lecture's, the other way round, and the n is missing.",
        ),
    ]


def check_lecture_to_weight_decay(lecture_to_weight_decay: Callable[[float, int], float]) -> None:
    """Check ``lecture_to_weight_decay(lam, n)``: SGD's ``weight_decay`` for the lecture's λ.

    The lecture's cost is (1/n)·ΣL + (λ/n)·Σw² (no ½, biases in a group without decay);
    the function gives the ``weight_decay`` of ``torch.optim.SGD`` that trains the same way.

    It must return a plain Python float (an int such as 0 is accepted, and so is a NumPy
    float64, which is a float); not a tensor: ``torch.optim.SGD`` takes ``weight_decay`` as
    a float.
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


class _ConvNet(nn.Module):
    """Conv + LayerNorm + Linear, with a frozen embedding-like matrix: more shapes to group."""

    def __init__(self) -> None:
        super().__init__()
        self.conv = nn.Conv1d(2, 4, kernel_size=3)
        self.norm = nn.LayerNorm(4 * 6)
        self.head = nn.Linear(4 * 6, 3)
        self.frozen = nn.Linear(3, 3)
        self.frozen.requires_grad_(False)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.frozen(self.head(self.norm(self.conv(x).flatten(1))))


def _group_models() -> list[nn.Module]:
    from ..models import make_mlp

    with _seeded():
        return [make_mlp((4, 8, 3)), make_mlp((6, 16, 8, 2), batch_norm=True), _ConvNet()]


_NORM_LAYERS = (
    nn.BatchNorm1d,
    nn.BatchNorm2d,
    nn.BatchNorm3d,
    nn.SyncBatchNorm,
    nn.InstanceNorm1d,
    nn.InstanceNorm2d,
    nn.InstanceNorm3d,
    nn.LayerNorm,
    nn.GroupNorm,
)


def _role(model: nn.Module, pname: str, p: torch.Tensor) -> str:
    owner = model.get_submodule(pname.rsplit(".", 1)[0]) if "." in pname else model
    if isinstance(owner, _NORM_LAYERS):
        return "a normalization-layer scale or shift"
    return "a bias" if p.ndim <= 1 else "a weight tensor"


def _group_decays(groups: object, names: dict[int, str]) -> dict[int, float]:
    """Return {id(tensor): its group's weight_decay}; AssertionError for a malformed list."""
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
    """Every trainable tensor in a group; ndim >= 2 decayed by ``wd``, ndim <= 1 not."""
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
        role = _role(model, pname, p)
        if want != 0.0:
            why = f"weight tensors (ndim >= 2) get weight_decay={wd}"
        elif role.startswith("a normalization"):
            why = (
                "it has ndim 1, so it must not be decayed: sort the tensors by their number "
                "of dimensions, not by their name (a norm layer's scale is also called 'weight')"
            )
        else:
            why = "biases (ndim <= 1) must not be decayed: sort the tensors by their ndim"
        raise AssertionError(
            f"{pname} ({role}, shape {tuple(p.shape)}) has weight_decay="
            f"{seen[id(p)]}, expected {want}: {why}."
        )


def check_decay_param_groups(decay_param_groups: Callable) -> None:
    """Check parameter groups: each trainable tensor once; ndim >= 2 decayed, ndim <= 1 not.

    It must return a list of dicts, each with a ``'params'`` list of the model's tensors and
    an explicit ``'weight_decay'`` (notebook 3 passes the list to ``torch.optim.SGD``).
    """
    name = "decay_param_groups"
    cases = 0
    for model in _group_models():
        names = {id(p): pname for pname, p in model.named_parameters()}
        where = f"(model with parameters {', '.join(names.values())})"
        for wd in (0.01, 5e-4):
            cases += 1
            groups = _call(decay_param_groups, name, model, wd, case=where)
            _check_decays(model, _group_decays(groups, names), wd)
            try:
                torch.optim.SGD(groups, lr=0.1)
            except (TypeError, ValueError) as err:
                raise AssertionError(
                    f"torch.optim.SGD does not accept these groups: {err}"
                ) from None
    _passed(name, cases)
