"""Notebook 1: the fraction ridge keeps along an eigen-direction, and the hand-derived gradient,
against references computed another way: a solve of the ridge system, autograd on the cost."""

from __future__ import annotations

from collections.abc import Callable

import torch
import torch.nn.functional as F
from torch._functorch.eager_transforms import _autograd_grad, _jvp_with_argnums

from ._engine import Exercise, calls, dtype, fail, tensor_like


def _solved(args: tuple) -> list[float]:
    # not written down but solved: w_λ solves the normal equation (A + λ/2·I) w = A w_ols for
    # A = V diag(s) Vᵀ, V a random orthonormal basis; then w_λ's components over w_ols's
    s, lam = args
    flat = s.double().reshape(-1)
    k = len(flat)
    V, _ = torch.linalg.qr(torch.randn(k, k, generator=torch.Generator().manual_seed(k)).double())
    A = V @ torch.diag(flat) @ V.T
    c = 1.0 + torch.arange(k, dtype=torch.float64)  # w_ols's components, none 0
    w_lam = torch.linalg.solve(A + lam / 2 * torch.eye(k, dtype=torch.float64), A @ (V @ c))
    return ((V.T @ w_lam) / c).to(s.dtype).tolist()


KEPT_FRACTION = Exercise(
    "kept_fraction",
    "the share of w_ols that ridge keeps along each "
    "eigen-direction, against the ridge system solved.",
    "a tensor of the shape and dtype of ``s`` (any shape, 0-d included).",
    inputs=lambda case: (torch.tensor(case["s"], dtype=dtype(case)), case["lam"]),
    result=lambda out, args, where: tensor_like(
        out, args[0], "kept_fraction's result", where, "arithmetic on s itself, entry by entry"
    ),
    reference=_solved,
    fallback="write XᵀX = V diag(s) Vᵀ, put w in that basis (c = Vᵀw), and solve the normal "
    "equation one eigen-direction at a time; then compare w_λ with w_ols component by "
    "component. Test your answer at λ = 0, where nothing is shrunk.",
)

#: autograd's entry points: torch.func's grad, vjp and jacrev call _autograd_grad; its jvp
#: and jacfwd, _jvp_with_argnums
_ENTRY = (torch.autograd.grad, torch.autograd.backward, torch.Tensor.backward, _autograd_grad)
_AUTOGRAD = {f.__code__ for f in (*_ENTRY, _jvp_with_argnums)}


def _logistic_case(case: dict) -> tuple:
    n, d, seed, kind = case["n"], case["d"], case["seed"], dtype(case)
    g = torch.Generator().manual_seed(seed)
    X = torch.randn(n, d, generator=g, dtype=torch.float64).to(kind)
    w = (2 * torch.randn(d, generator=g, dtype=torch.float64)).to(kind)
    y = (torch.rand(n, generator=g, dtype=torch.float64) < 0.5).to(kind)
    y[0], y[-1] = 1.0, 0.0  # both classes present
    return w, torch.tensor(0.7 + seed / 10, dtype=kind), X, y, case["lam"]


def _by_autograd(args: tuple) -> list[float]:
    w, b, X, y, lam = args
    w, b = w.clone().requires_grad_(True), b.clone().requires_grad_(True)
    with torch.enable_grad():  # notebook 1's cost, differentiated by autograd
        cost = F.binary_cross_entropy_with_logits(X @ w + b, y) + lam / (2 * len(X)) * (w**2).sum()
        grad_w, grad_b = torch.autograd.grad(cost, (w, b))
    return grad_w.tolist() + [grad_b.item()]


def _gradient(out, args: tuple, where: str) -> list[float]:
    if not (isinstance(out, tuple | list) and len(out) == 2):
        fail("type", f"penalized_logistic_grad must return a tuple (grad_w, grad_b), got "
             f"{type(out).__name__}: end with `return grad_w, grad_b`.")  # fmt: skip
    how = "torch operations on w, b, X and y (a .mean() or .sum() reduces to one number)"
    return [x for k in (0, 1) for x in tensor_like(out[k], args[k], f"grad_{'wb'[k]}", where, how)]


def _derives(fn: Callable, args: tuple) -> None:
    name = "penalized_logistic_grad"
    if calls(fn, args, _AUTOGRAD.__contains__):
        fail("autograd", f"{name} uses autograd (backward, torch.autograd or torch.func). The "
             "exercise is the derivation itself: differentiate one cross-entropy term with "
             "respect to its logit z first, then let the chain rule lead to w and b.")  # fmt: skip
    named = lambda f: str(getattr(f, "co_name", None) or getattr(f, "__name__", ""))  # noqa: E731
    costs = calls(fn, args, lambda f: any(k in named(f) for k in ("log", "entropy", "softplus")))
    if costs >= 4:  # finite differences evaluate the cost twice per parameter
        fail("numerical", f"{name} evaluates the cost (a log or a cross-entropy) {costs} times "
             "in one call: that is numerical differentiation, which only approximates the "
             "gradient. The exercise asks for the formula, derived by hand; finite differences "
             "(numerical_grad) are how you test it.")  # fmt: skip


def _how_close(args: tuple, got: list, want: list) -> str:
    worst = max(abs(g - w) / max(1.0, abs(w)) for g, w in zip(got, want, strict=True))
    if args[2].dtype != torch.float64 or worst >= 1e-6:
        return ""
    return (f" (it agrees with the gradient to {worst:.0e}, not to rounding, about 1e-15: "
            "finite differences get that close, a derived formula closer)")  # fmt: skip


GRADIENT = Exercise(
    "penalized_logistic_grad",
    "``(dJ/dw, dJ/db)`` of notebook 1's cost against autograd.",
    "a tuple ``(grad_w, grad_b)`` (or a list of two): tensors of the shapes of ``w`` and ``b`` "
    "(0-d) in the inputs' dtype, derived by hand: a call that reaches autograd, or evaluates "
    "the cost as finite differences do, fails.",
    inputs=_logistic_case,
    result=_gradient,
    reference=_by_autograd,
    guard=_derives,
    explain=_how_close,
    fallback="differentiate one cross-entropy term with respect to its logit z first, then use "
    "the chain rule for w and for b, average over the n = len(X) examples, and add the "
    "penalty's gradient; test it with numerical_grad.",
)
