"""Notebook 3: ``torch.optim.SGD``'s ``weight_decay`` and parameter groups.

``SGD(..., weight_decay=wd)`` adds ``wd * w`` to the gradient, the derivative of
``wd / 2 * ||w||^2``. So the bundle's cost, mean loss + λ/(2n)·‖w‖², needs ``wd = λ/n``
(``weight_decay_for``), and the lecture's cost, (1/n)ΣL + (λ/n)Σw² with no ½, needs
``wd = 2λ/n`` (``lecture_to_weight_decay``). Biases go in a parameter group without decay
(``decay_param_groups``).
"""

from __future__ import annotations

from collections.abc import Callable

import torch
from torch import nn

from ._common import _call, _likely_cause, _passed, _require_number, _seeded

WEIGHT_DECAY_CASES = [(0.1, 1000), (1.0, 60), (0.0, 100), (3.0, 3000), (2.5, 1), (20.0, 50_000)]


def _same(value: float, want: float) -> bool:
    return abs(value - want) <= 1e-12 * max(1.0, abs(want))


def check_weight_decay_for(weight_decay_for: Callable[[float, int], float]) -> None:
    """Check ``weight_decay_for(lam, n)`` = λ/n, the SGD weight_decay that reproduces J.

    It must return a plain Python float (an int such as 0 is accepted, and so is a NumPy
    float64, which is a float); not a tensor: ``torch.optim.SGD`` takes ``weight_decay`` as
    a float and notebook 3 prints it with ``:.4f``.
    """
    name = "weight_decay_for"
    for lam, n in WEIGHT_DECAY_CASES:
        got = _call(weight_decay_for, name, lam, n, case=f"(lam={lam}, n={n})")
        value = _require_number(got, f"{name}(lam={lam}, n={n})", "lam / n")
        want = lam / n
        if _same(value, want):
            continue
        variants = [
            (
                lam / (2 * n),
                "SGD adds weight_decay * w to the gradient, which is the derivative "
                "of weight_decay / 2 * ||w||^2; the cost's lam / (2n) * ||w||^2 has derivative "
                "lam / n * w, so no extra 1/2.",
            ),
            (lam, "the cost divides the penalty by n (it is lam / (2n) * ||w||^2): divide by n."),
            (
                2 * lam / n,
                "twice too large: the derivative of lam / (2n) * ||w||^2 is lam / n * w.",
            ),
            (lam / 2, "the 1/2 cancels in the derivative, and the n stays: use lam / n."),
            (n / lam if lam else float("nan"), "the fraction is upside down: lam / n."),
        ]
        raise AssertionError(
            f"{name}(lam={lam}, n={n}) returned {value!r}, expected {want!r}. "
            + _likely_cause(
                [h for v, h in variants if _same(value, v)],
                "SGD's weight_decay=wd adds wd * w to the gradient; match lam / n * w.",
            )
        )
    _passed(name, len(WEIGHT_DECAY_CASES))


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
            "that is the bundle's mapping (weight_decay_for): the bundle's cost has "
            "lam / (2n) * ||w||^2, whose 1/2 cancels the 2 of the derivative. The lecture's "
            "cost (1/n) sum L + (lam / n) sum w^2 has no 1/2, so its gradient adds "
            "2 * lam / n * w: use 2 * lam / n.",
        ),
        (
            lam,
            "weight_decay is not lam: the lecture says 'provide lambda to weight_decay', but "
            "its formula divides the penalty by n and has no 1/2, so the gradient adds "
            "2 * lam / n * w: use 2 * lam / n.",
        ),
        (
            2 * lam,
            "n is missing: the lecture's penalty (lam / n) sum w^2 is divided by n, like the "
            "mean loss; use 2 * lam / n.",
        ),
        (
            lam / (2 * n),
            "lam / (2n) is the coefficient of the bundle's penalty, not a factor of the "
            "gradient (and the conversion goes the other way: lam_bundle = 2 * lam, not "
            "lam / 2); the lecture's cost has no 1/2, so its gradient adds 2 * lam / n * w.",
        ),
        (
            4 * lam / n,
            "twice too large, the 2 is counted twice: the derivative of (lam / n) * w^2 is "
            "2 * lam / n * w (in the bundle's terms, lam_bundle = 2 * lam and weight_decay = "
            "lam_bundle / n), and SGD adds weight_decay * w as it is.",
        ),
        (
            n / (2 * lam) if lam else float("nan"),
            "the fraction is upside down: use 2 * lam / n.",
        ),
        (2 * lam * n, "n multiplies where it divides: use 2 * lam / n."),
        (
            -2 * lam / n,
            "the sign is wrong: SGD already subtracts lr * (gradient + weight_decay * w), so "
            "weight_decay is positive, 2 * lam / n.",
        ),
        (lam / 2, "the n is missing and the 2 divides where it multiplies: use 2 * lam / n."),
    ]


def _lecture_hint(fn: Callable, value: float, lam: float, n: int) -> str:
    """Return "Likely cause: ..." or "Hint: ..." for a wrong ``fn(lam, n) == value``."""
    hints = [hint for v, hint in _lecture_mistakes(lam, n) if _same(value, v)]
    if not hints and lam and _ignores_n(fn, value, lam, n):
        hints = [
            "your weight_decay does not change with n. The lecture's penalty "
            "(lam / n) sum w^2 is divided by n, the number of training examples (the "
            "argument n), not by a batch size B or a fixed number: use 2 * lam / n."
        ]
    return _likely_cause(
        hints,
        "the lecture's cost adds (lam / n) sum w^2, whose gradient is 2 * lam / n * w; "
        "SGD's weight_decay=wd adds wd * w to the gradient.",
    )


def _ignores_n(fn: Callable, value: float, lam: float, n: int) -> bool:
    """Whether ``fn(lam, 2n)`` returns ``value`` again (only a diagnosis: never raises)."""
    try:
        other = fn(lam, 2 * n)
    except Exception:  # the verdict is already made
        return False
    return isinstance(other, int | float) and _same(float(other), value)


def check_lecture_to_weight_decay(lecture_to_weight_decay: Callable[[float, int], float]) -> None:
    """Check ``lecture_to_weight_decay(lam, n)`` = 2λ/n, SGD's weight_decay for the lecture's λ.

    The lecture's cost is (1/n)·ΣL + (λ/n)·Σw² (no ½); its gradient adds 2λ/n·w, so
    ``torch.optim.SGD`` reproduces it with ``weight_decay = 2 * lam / n`` (biases in a group
    without decay; ``l10_utils.conventions`` checks this mapping by training both routes).

    It must return a plain Python float (an int such as 0 is accepted, and so is a NumPy
    float64, which is a float); not a tensor: ``torch.optim.SGD`` takes ``weight_decay`` as
    a float.
    """
    name = "lecture_to_weight_decay"
    for lam, n in LECTURE_CASES:
        got = _call(lecture_to_weight_decay, name, lam, n, case=f"(lam={lam}, n={n})")
        call = f"{name}(lam={lam}, n={n})"
        value = _require_number(got, call, "2 * lam / n")
        want = 2 * lam / n
        said = f"{call} returned {value:.12g}, expected 2 * lam / n = {want:.12g}."
        if not _same(value, want):
            raise AssertionError(f"{said} " + _lecture_hint(lecture_to_weight_decay, value, lam, n))
    _passed(name, len(LECTURE_CASES))


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


GROUPS_EXAMPLE = (
    "[{'params': decay, 'weight_decay': weight_decay}, {'params': no_decay, 'weight_decay': 0.0}]"
)


def _group_decays(groups: object, names: dict[int, str]) -> dict[int, float]:
    """Return {id(tensor): its group's weight_decay}; AssertionError for a malformed list."""
    if not isinstance(groups, list):
        once = " (a generator can be read only once)" if hasattr(groups, "__next__") else ""
        raise AssertionError(
            f"decay_param_groups must return a list of dicts, got {type(groups).__name__}{once}. "
            f"Return a list, e.g. {GROUPS_EXAMPLE}."
        )
    seen: dict[int, float] = {}
    for group in groups:
        if not isinstance(group, dict) or "params" not in group:
            raise AssertionError(
                f"each parameter group must be a dict with a 'params' list, got {group!r}"
            )
        if not isinstance(group["params"], list):
            raise AssertionError(
                "each group's 'params' must be a list of tensors, e.g. "
                f"[p for p in model.parameters() if p.ndim >= 2], got "
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
                "it has ndim 1, so it must not be decayed: filter on p.ndim, not on "
                "the name (a norm layer's scale is also called 'weight')"
            )
        else:
            why = "biases (ndim <= 1) must not be decayed: filter on p.ndim"
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
