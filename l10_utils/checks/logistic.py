"""Notebook 1: the fraction ridge keeps along an eigen-direction, and the hand-derived gradient.

The references are computed another way: by solving a ridge system, by autograd on the cost.
"""

from __future__ import annotations

from collections.abc import Callable

import torch
import torch.nn.functional as F

from ._common import (
    _call,
    _close,
    _diagnose,
    _dtype,
    _likely_cause,
    _notebook_numbers,
    _passed,
    _reaches,
    _require_dtype,
    _require_scalar_tensor,
    _type_name,
)

# --------------------------------------------------------------------------- kept fraction

# (eigenvalues s, λ, dtype): the notebook's two eigenvalues first, then λ = 0, an eigenvalue
# 0, float32, a (2, 3) tensor and a 0-d one. No eigenvalue is 1 (there a squared s, or s
# ignored, would give the right number).
KEPT_CASES = [
    ([1.6, 89.6], 30.0, torch.float64),
    ([0.5, 3.0, 12.0, 250.0], 8.0, torch.float64),
    ([2.0, 40.0, 7.5], 0.0, torch.float64),
    ([0.0, 4.0, 0.25], 2.0, torch.float64),
    ([0.3, 6.0, 90.0], 7.5, torch.float32),
    ([[0.2, 5.0, 30.0], [2.5, 0.7, 400.0]], 100.0, torch.float64),
    (3.0, 4.0, torch.float64),
]


def _solved_kept_fraction(case: int) -> tuple[torch.Tensor, torch.Tensor]:
    # solved, not written down: w_λ solves (A + λ/2·I) w = A w_ols, A = V diag(s) Vᵀ, V random
    values, lam, dtype = KEPT_CASES[case]
    s = torch.tensor(values, dtype=torch.float64)
    flat = s.reshape(-1)
    k = len(flat)
    g = torch.Generator().manual_seed(case)
    V, _ = torch.linalg.qr(torch.randn(k, k, generator=g, dtype=torch.float64))
    A = V @ torch.diag(flat) @ V.T
    c = 1.0 + torch.arange(k, dtype=torch.float64)  # w_ols's eigen-components, none 0
    w_lam = torch.linalg.solve(A + lam / 2 * torch.eye(k, dtype=torch.float64), A @ (V @ c))
    return s.to(dtype), ((V.T @ w_lam) / c).reshape(s.shape).to(dtype)


def check_kept_fraction(kept_fraction: Callable) -> None:
    """Check ``kept_fraction(s, lam)``: what ridge keeps of w_ols along each eigen-direction.

    It must return a tensor of the shape and dtype of ``s`` (any shape, 0-d included).
    """
    name = "kept_fraction"
    for case, (_, lam, dtype) in enumerate(KEPT_CASES):
        s, want = _solved_kept_fraction(case)
        where = f"(s of shape {tuple(s.shape)}, lam={lam}, {_dtype(dtype)})"
        got = _call(kept_fraction, name, s, lam, case=where)
        if not isinstance(got, torch.Tensor):
            raise AssertionError(
                f"{name} must return a tensor of the shape and dtype of s, got {_type_name(got)} "
                f"{where}: keep the computation in torch (no float(), .item(), math or NumPy); "
                "the notebook's later cells use it as a tensor."
            )
        if got.shape != s.shape:
            raise AssertionError(
                f"{name} must return one fraction per eigenvalue, a tensor of the shape of s, "
                f"{tuple(s.shape)}, got shape {tuple(got.shape)} {where}. Work entry by entry "
                "on s itself (no sum, no indexing, no torch.tensor([...]))."
            )
        _require_dtype(got, name, where, "arithmetic on s itself", dtype)
        tol = 1e-5 if dtype == torch.float32 else 1e-9
        if _close(got, want, dtype, tol):
            continue
        half, s64 = lam / 2, s.to(torch.float64)
        variants = {
            "your fraction belongs to a penalty twice as strong: the normal equation adds "
            "λ/2 · I to XᵀX (our ½ convention), not λ · I.": s64 / (s64 + lam),
            "your fraction belongs to a penalty four times as strong: the normal equation "
            "adds λ/2 · I to XᵀX, not 2λ · I.": s64 / (s64 + 2 * lam),
            "you returned the part of each component that the penalty removes; the exercise "
            "asks for the part that w_λ keeps of w_ols.": half / (s64 + half),
            "the fraction is upside down: it is w_λ's component divided by w_ols's, and w_λ is "
            "the smaller one, so a kept fraction is at most 1.": (s64 + half) / s64,
            "your fraction is the same for every eigenvalue: each eigen-direction has its own "
            "s, and the directions the data determine worst (small s) shrink most.": (
                torch.ones_like(s64) / (1 + half)
            ),
            "s is squared: s is already an eigenvalue of XᵀX (a squared singular value of X), "
            "so use it as it is.": s64**2 / (s64**2 + half),
        }
        hints = [hint for hint, value in variants.items() if _close(got, value, dtype, tol)]
        for other_s, other_lam in [] if hints else [(2 * s + 1, lam), (s, lam + 3.0)]:
            again = _call(kept_fraction, name, other_s, other_lam, case=where)
            if isinstance(again, torch.Tensor) and torch.equal(again, got):  # it reads globals
                hints = [
                    "your result does not change when s or lam change: use the arguments s and "
                    "lam, not the notebook's variables (its eigenvalues s, its λ, w_ols or V)."
                ]
                break
        raise AssertionError(
            f"{name} gave {got.tolist()}, expected {want.tolist()} {where}. "
            + _likely_cause(
                hints,
                "write XᵀX = V diag(s) Vᵀ, put w in that basis (c = Vᵀw), and solve the normal "
                "equation one eigen-direction at a time; then compare w_λ with w_ols component "
                "by component. Check your answer at λ = 0 (nothing is shrunk).",
            )
        )
    _passed(name, len(KEPT_CASES))


# --------------------------------------------------------------------------- the gradient


def _logistic_case(n: int, d: int, lam: float, dtype: torch.dtype, seed: int):
    g = torch.Generator().manual_seed(seed)
    X = torch.randn(n, d, generator=g, dtype=torch.float64).to(dtype)
    w = (2 * torch.randn(d, generator=g, dtype=torch.float64)).to(dtype)
    b = torch.tensor(0.7 + seed / 10, dtype=dtype)
    y = (torch.rand(n, generator=g, dtype=torch.float64) < 0.5).to(dtype)
    y[0], y[-1] = 1.0, 0.0  # both classes present
    return w, b, X, y, lam


# (n, d, λ, dtype): λ = 0 and λ > 0, several shapes, float32 and float64, n = 1 edge case.
# No n is 100, the n of notebook 1, so that an answer using the notebook's n fails.
LOGISTIC_CASES = [
    (8, 2, 0.0, torch.float64),
    (8, 2, 0.5, torch.float64),
    (30, 5, 0.1, torch.float32),
    (1, 3, 2.0, torch.float64),
    (50, 4, 10.0, torch.float64),
    (12, 1, 3.0, torch.float32),
]

GLOBAL_N = "inside the function use n = len(X), not the notebook's n"


def check_penalized_logistic_grad(penalized_logistic_grad: Callable) -> None:
    """Check ``penalized_logistic_grad(w, b, X, y, lam) -> (grad_w, grad_b)`` against autograd.

    It must return a tuple ``(grad_w, grad_b)`` (a list of two is accepted too), tensors of
    the shapes of ``w`` and ``b`` (0-d) in the inputs' dtype, derived by hand: a call that
    reaches autograd (``.backward()``, ``torch.autograd``, ``torch.func``) fails.
    """
    name = "penalized_logistic_grad"
    with torch.no_grad():
        case = _logistic_case(*LOGISTIC_CASES[1], seed=1)
        if _reaches(_autograd_entry_points(), penalized_logistic_grad, *case):
            raise AssertionError(
                f"{name} uses autograd (backward, torch.autograd or torch.func). The exercise is "
                "the derivation itself: differentiate one cross-entropy term with respect to its "
                "logit z (σ'(z) = σ(z)(1 − σ(z))), then use the chain rule for w and for b."
            )
    n_nb = _notebook_numbers(penalized_logistic_grad, ("n",)).get("n")
    for seed, (n, d, lam, dtype) in enumerate(LOGISTIC_CASES):
        w, b, X, y, lam = _logistic_case(n, d, lam, dtype, seed)
        where = f"(n={n}, d={d}, lam={lam}, {_dtype(dtype)})"
        with torch.no_grad():
            got = _call(penalized_logistic_grad, name, w, b, X, y, lam, case=where)
        if not (isinstance(got, tuple | list) and len(got) == 2):
            raise AssertionError(
                f"{name} must return a tuple (grad_w, grad_b), got {type(got).__name__}: end "
                "with `return grad_w, grad_b`."
            )
        grad_w, grad_b = got
        if not isinstance(grad_w, torch.Tensor):
            raise AssertionError(
                f"grad_w must be a tensor of shape {tuple(w.shape)}, like w, got "
                f"{type(grad_w).__name__} {where}. Return grad_w as a tensor computed with "
                "torch operations, not a list or a NumPy array."
            )
        if grad_w.shape != w.shape:
            raise AssertionError(
                f"grad_w must have the shape of w, {tuple(w.shape)}, got {tuple(grad_w.shape)} "
                f"{where}. Hint: one entry per weight; a matrix product with X.T sums over "
                "the examples."
            )
        _require_dtype(grad_w, "grad_w", where, "torch operations on w, X and y", dtype)
        many = "Hint: b is one number, so its gradient is one number: reduce over the examples."
        example = "a .mean() or .sum() of a tensor"
        _require_scalar_tensor(grad_b, "grad_b", "grad_b must be", where, example, many, dtype)
        # the reference, by autograd on the cost written out here
        w_ref, b_ref = w.clone().requires_grad_(True), b.clone().requires_grad_(True)
        with torch.enable_grad():
            bce = F.binary_cross_entropy_with_logits(X @ w_ref + b_ref, y)
            cost = bce + lam / (2 * n) * (w_ref**2).sum()
            want_w, want_b = torch.autograd.grad(cost, (w_ref, b_ref))
        r = torch.sigmoid(X @ w + b) - y  # the residual, to recognise known mistakes
        data = X.T @ r / n
        if not _close(grad_w, want_w, dtype):
            variants = {
                "the penalty term is missing from grad_w: add the penalty's gradient.": data,
                "the penalty term is too small: differentiate λ/(2n)·‖w‖² again and follow "
                "what happens to its ½.": data + lam / (2 * n) * w,
                "the penalty term is too large: differentiate λ/(2n)·‖w‖² again and follow "
                "what happens to its ½.": data + 2 * lam / n * w,
                "the penalty term is not divided by n.": data + lam * w,
                "the data term is summed, not averaged: J is a mean.": data * n + lam / n * w,
                "the residual has the wrong sign: d(loss)/dz is prediction minus label, not "
                "label minus prediction.": -data + lam / n * w,
            }
            if n_nb is not None:
                hint = f"{GLOBAL_N} (= {n_nb:g})"
                variants[hint + "."] = X.T @ r / n_nb + lam / n_nb * w
                if lam:  # with λ = 0 the data term is the whole gradient: the case above
                    variants[hint + " in the penalty term."] = data + lam / n_nb * w
                    variants[hint + " in the data term."] = X.T @ r / n_nb + lam / n * w
            raise AssertionError(
                f"grad_w is wrong {where}: got {grad_w.tolist()}, expected {want_w.tolist()}."
                + _diagnose(
                    grad_w,
                    variants,
                    dtype,
                    "differentiate one cross-entropy term with respect to its logit z first, "
                    "then use the chain rule (dz/dw = x), average over the n = len(X) "
                    "examples, and add the penalty's gradient; test it with numerical_grad.",
                )
            )
        if not _close(grad_b, want_b, dtype):
            variants = {
                "the bias is not penalized, so grad_b has no lam term.": want_b + lam / n * b,
                "grad_b is summed, not averaged: J is a mean over the examples.": r.sum(),
                "the residual has the wrong sign: d(loss)/dz is prediction minus label.": -want_b,
            }
            if n_nb is not None:
                variants[f"{GLOBAL_N} (= {n_nb:g})."] = r.sum() / n_nb
            raise AssertionError(
                f"grad_b is wrong {where}: got {grad_b.item():.6f}, expected {want_b.item():.6f}."
                + _diagnose(
                    grad_b,
                    variants,
                    dtype,
                    "dz/db = 1, so grad_b averages d(loss)/dz over the examples; the bias is "
                    "not penalized.",
                )
            )
    _passed(name, len(LOGISTIC_CASES))


def _autograd_entry_points() -> set:
    from torch._functorch.eager_transforms import _autograd_grad, _jvp_with_argnums

    # torch.func's grad, vjp and jacrev call _autograd_grad; its jvp and jacfwd, _jvp_with_argnums
    entry_points = (torch.autograd.grad, torch.autograd.backward, torch.Tensor.backward)
    return {f.__code__ for f in (*entry_points, _autograd_grad, _jvp_with_argnums)}
