"""Notebook 1: the fraction ridge keeps along an eigen-direction, and the hand-derived gradient,
against the solution notebook's numbers (data/); the gradient's guard sees autograd and numerical
differentiation."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

import torch
from torch.autograd.variable import Variable
from torch.overrides import TorchFunctionMode

from ._engine import Exercise, call, dtype, fail, tensor_like

KEPT_FRACTION = Exercise(
    "kept_fraction",
    "the share of w_ols that ridge keeps along each "
    "eigen-direction, against the solution's numbers.",
    "a tensor of the shape and dtype of ``s`` (any shape, 0-d included).",
    inputs=lambda case: (torch.tensor(case["s"], dtype=dtype(case)), case["lam"]),
    result=lambda out, args, where: tensor_like(
        out, args[0], "kept_fraction's result", where, "arithmetic on s itself, entry by entry"
    ),
    fallback="write XᵀX = V diag(s) Vᵀ, put w in that basis (c = Vᵀw), and solve the normal "
    "equation one eigen-direction at a time; then compare w_λ with w_ols component by "
    "component. Test your answer at λ = 0, where nothing is shrunk.",
)


class _Tape(TorchFunctionMode):
    """Every torch operation in the block (this thread's): how many gave a tensor that records
    a graph or a dual one (autograd), a complex one (complex-step differentiation), or
    evaluated a log or a cross-entropy (a cost)."""

    def __init__(self) -> None:
        super().__init__()
        self.seen: Counter = Counter()

    def __torch_function__(self, func, types, args=(), kwargs=None):
        out = func(*args, **(kwargs or {}))
        name = getattr(func, "__name__", "")
        self.seen["cost"] += any(k in name for k in ("log", "entropy", "softplus"))
        for t in out if isinstance(out, tuple | list) else (out,):
            if isinstance(t, torch.Tensor):
                self.seen["autograd"] += t.requires_grad or "dual" in name
                self.seen["complex"] += t.is_complex()
        return out


def _logistic_case(case: dict) -> tuple:
    n, d, seed, kind = case["n"], case["d"], case["seed"], dtype(case)
    g = torch.Generator().manual_seed(seed)
    X = torch.randn(n, d, generator=g, dtype=torch.float64).to(kind)
    w = (2 * torch.randn(d, generator=g, dtype=torch.float64)).to(kind)
    y = (torch.rand(n, generator=g, dtype=torch.float64) < 0.5).to(kind)
    y[0], y[-1] = 1.0, 0.0  # both classes present
    return w, torch.tensor(0.7 + seed / 10, dtype=kind), X, y, case["lam"]


def _gradient(out, args: tuple, where: str) -> list[float]:
    if not (isinstance(out, tuple | list) and len(out) == 2):
        fail("type", f"penalized_logistic_grad must return a tuple (grad_w, grad_b), got "
             f"{type(out).__name__}: end with `return grad_w, grad_b`.")  # fmt: skip
    how = "torch operations on w, b, X and y (a .mean() or .sum() reduces to one number)"
    return [x for k in (0, 1) for x in tensor_like(out[k], args[k], f"grad_{'wb'[k]}", where, how)]


class _EngineOff:
    """autograd's engine while a guarded call runs, in every thread: it counts who asks."""

    asked = 0

    def __getattr__(self, name: str):
        self.asked += 1
        raise RuntimeError("autograd is off while penalized_logistic_grad's check runs")


def _derived(fn: Callable, args: tuple, where: str):
    """The guard: ``fn(*args)``, its torch operations watched and autograd's engine off; it
    fails a call that reaches autograd or differentiates the cost numerically."""
    name, engine, off = "penalized_logistic_grad", Variable._execution_engine, _EngineOff()
    Variable._execution_engine = off
    try:
        with _Tape() as tape:
            out = call(fn, name, args, where)
    except AssertionError:
        if not off.asked:
            raise
    finally:
        Variable._execution_engine = engine
    if tape.seen["autograd"] or off.asked:
        fail("autograd", f"{name} uses autograd (backward, torch.autograd or torch.func). The "
             "exercise is the derivation itself: differentiate one cross-entropy term with "
             "respect to its logit z first, then let the chain rule lead to w and b.")  # fmt: skip
    how_ = f"evaluates the cost (a log or a cross-entropy) {tape.seen['cost']} times in one call"
    if tape.seen["complex"]:
        how_ = "computes with complex numbers (a complex step)"
    if tape.seen["cost"] >= 4 or tape.seen["complex"]:  # differences: 2 costs per parameter
        fail("numerical", f"{name} {how_}: that is numerical differentiation. The exercise asks "
             "for the formula, derived by hand; finite differences (numerical_grad) are how you "
             "test it.")  # fmt: skip
    return out


def _how_close(args: tuple, got: list, want: list) -> str:
    worst = max(abs(g - w) / max(1.0, abs(w)) for g, w in zip(got, want, strict=True))
    if args[2].dtype != torch.float64 or worst >= 1e-6:
        return ""
    return (f" (it agrees with the gradient to {worst:.0e}, not to rounding, about 1e-15: "
            "finite differences get that close, a derived formula closer)")  # fmt: skip


GRADIENT = Exercise(
    "penalized_logistic_grad",
    "``(dJ/dw, dJ/db)`` of notebook 1's cost against the solution's numbers.",
    "a tuple ``(grad_w, grad_b)`` (or a list of two): tensors of the shapes of ``w`` and ``b`` "
    "(0-d) in the inputs' dtype, derived by hand: a call that reaches autograd, or evaluates "
    "the cost as finite differences do, fails.",
    inputs=_logistic_case,
    result=_gradient,
    guard=_derived,
    explain=_how_close,
    fallback="differentiate one cross-entropy term with respect to its logit z first, then use "
    "the chain rule for w and for b, average over the n = len(X) examples, and add the "
    "penalty's gradient; test it with numerical_grad.",
)
