"""Notebook 1: the penalized logistic-regression cost and its hand-derived gradient.

The cost is the mean binary cross-entropy over the n examples + λ/(2n)·‖w‖², bias not
penalized; ``reference_logistic_cost`` computes it.
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
    _passed,
    _require_dtype,
    _require_scalar_tensor,
)


def _bce(logits: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
    return F.binary_cross_entropy_with_logits(logits, y).detach()


def _logistic_case(n: int, d: int, lam: float, dtype: torch.dtype, seed: int):
    g = torch.Generator().manual_seed(seed)
    X = torch.randn(n, d, generator=g, dtype=torch.float64).to(dtype)
    w = (2 * torch.randn(d, generator=g, dtype=torch.float64)).to(dtype)
    b = torch.tensor(0.7 + seed / 10, dtype=dtype)
    y = (torch.rand(n, generator=g, dtype=torch.float64) < 0.5).to(dtype)
    y[0], y[-1] = 1.0, 0.0  # both classes present
    return w, b, X, y, lam


# (n, d, λ, dtype): λ = 0 and λ > 0, several shapes, float32 and float64, n = 1 edge case
LOGISTIC_CASES = [
    (8, 2, 0.0, torch.float64),
    (8, 2, 0.5, torch.float64),
    (30, 5, 0.1, torch.float32),
    (1, 3, 2.0, torch.float64),
    (50, 4, 10.0, torch.float64),
    (12, 1, 3.0, torch.float32),
]


def _describe(w, X, lam) -> str:
    return f"(n={len(X)}, d={len(w)}, lam={lam}, {_dtype(w.dtype)})"


def reference_logistic_cost(w, b, X, y, lam):
    """Return mean BCE of ``sigmoid(X @ w + b)`` vs ``y`` plus ``lam / (2 n) * ||w||^2``."""
    n = len(X)
    return F.binary_cross_entropy_with_logits(X @ w + b, y) + lam / (2 * n) * (w**2).sum()


def _autograd_logistic_grad(w, b, X, y, lam) -> tuple[torch.Tensor, torch.Tensor]:
    """Return ``(dJ/dw, dJ/db)`` of ``reference_logistic_cost`` computed by autograd."""
    w, b = w.clone().requires_grad_(True), b.clone().requires_grad_(True)
    grad_w, grad_b = torch.autograd.grad(reference_logistic_cost(w, b, X, y, lam), (w, b))
    return grad_w, grad_b


# A numerical safeguard such as log(p + 1e-8) moves the cost by up to 4e-6 (relative) in
# these cases; the smallest real mistake moves it by 1e-3. The cost is compared with this
# tolerance in float32 and float64 alike, so that a safe right answer is not rejected.
COST_TOL = 1e-4


def check_penalized_logistic_cost(penalized_logistic_cost: Callable) -> None:
    """Check ``penalized_logistic_cost(w, b, X, y, lam)``; print one line when all cases pass.

    It must return a 0-d torch tensor of the inputs' dtype that stays differentiable in
    ``w`` (notebook 1 calls ``.backward()`` on it and ``.item()``).
    """
    name = "penalized_logistic_cost"
    for seed, (n, d, lam, dtype) in enumerate(LOGISTIC_CASES):
        w, b, X, y, lam = _logistic_case(n, d, lam, dtype, seed)
        w.requires_grad_(True)
        where = _describe(w, X, lam)
        got = _call(penalized_logistic_cost, name, w, b, X, y, lam, case=where)
        example = "bce + lam / (2 * n) * (w ** 2).sum() with bce a mean"
        _require_scalar_tensor(
            got,
            "the cost",
            f"{name} must return",
            where,
            example,
            many="Did you forget to average the per-example losses?",
        )
        if not got.requires_grad:
            raise AssertionError(
                f"{name} returned a tensor without a gradient {where}: the cost must stay "
                "differentiable in w, so do not use .item(), .data, .detach() or numpy."
            )
        _require_dtype(got, "the cost", where, example, dtype)
        got = got.detach()
        w0 = w.detach()
        bce = _bce(X @ w0 + b, y)
        sq = (w0**2).sum()
        want = reference_logistic_cost(w0, b, X, y, lam)
        if _close(got, want, dtype, COST_TOL):
            continue
        pen = lam / (2 * n) * sq  # the right penalty, to isolate mistakes in the loss
        variants = [
            (bce + lam / n * sq, "the penalty is twice too large: use lam / (2 * n), not lam / n."),
            (bce + lam / (4 * n) * sq, "the penalty is half too small: is there a stray 1/2?"),
            (bce + lam / 2 * sq, "the penalty is not divided by n: use lam / (2 * n)."),
            (bce + lam * sq, "the penalty is missing its 1/(2n): use lam / (2 * n), not lam."),
            (bce + lam / (2 * n) * (sq + b**2), "the penalty includes the bias b: only w is."),
            (bce + lam / (2 * n) * sq.sqrt(), "the norm is not squared: use (w ** 2).sum()."),
            (
                bce + lam / (2 * n) * (w0**2).mean(),
                "the penalty takes the mean of w ** 2: use the sum, (w ** 2).sum().",
            ),
            (
                bce + lam / (2 * d) * sq,
                "the penalty is divided by d = len(w), the number of weights: n is the "
                "number of examples, len(X).",
            ),
            (bce, "the penalty is missing: add lam / (2 * n) * (w ** 2).sum() to the mean loss."),
            (bce * n + pen, "the cross-entropy is summed over the examples: use the mean."),
            (-bce + pen, "the cross-entropy has the wrong sign: -[y log p + (1 - y) log(1 - p)]."),
            (_bce(X @ w0 + b, 1 - y) + pen, "y and 1 - y are swapped in the cross-entropy."),
            (_bce(X @ w0, y) + pen, "the bias is missing from the logits: use X @ w + b."),
        ]
        if _close(got, want, dtype, 1e-2):  # close, but further off than any safe rounding
            fallback = (
                "the value is close but not equal: is there an eps or a clamp inside a log? "
                "F.logsigmoid(z) and F.logsigmoid(-z) are stable without one."
            )
        else:
            fallback = "check the mean cross-entropy and lam / (2 * n)."
        raise AssertionError(
            f"{name} gave {got.item():.10g}, expected {want.item():.10g} {where}."
            + _diagnose(got, variants, dtype, fallback, COST_TOL)
        )
    _passed(name, len(LOGISTIC_CASES))


def check_penalized_logistic_grad(penalized_logistic_grad: Callable) -> None:
    """Check ``penalized_logistic_grad(w, b, X, y, lam) -> (grad_w, grad_b)`` against autograd.

    It must return a tuple ``(grad_w, grad_b)`` (a list of two is accepted too): ``grad_w``
    a tensor of the shape of ``w``, ``(d,)``, and ``grad_b`` a 0-d tensor, both of the
    inputs' dtype (notebook 1 calls ``grad_b.item()`` and compares them with
    ``torch.allclose``).
    """
    name = "penalized_logistic_grad"
    for seed, (n, d, lam, dtype) in enumerate(LOGISTIC_CASES):
        w, b, X, y, lam = _logistic_case(n, d, lam, dtype, seed)
        where = _describe(w, X, lam)
        try:
            with torch.no_grad():
                got = _call(penalized_logistic_grad, name, w, b, X, y, lam, case=where,
                            allow=(RuntimeError,))  # fmt: skip
        except RuntimeError as err:
            if "grad" in str(err):
                raise AssertionError(
                    f"{name} seems to use autograd ({err}). Derive the gradient by hand: "
                    "grad_w = X.T @ (sigmoid(X @ w + b) - y) / n + lam / n * w."
                ) from None
            raise AssertionError(
                f"{name} raised RuntimeError: {err} {where}. Its traceback is shown above this "
                "message: the last lines in your code point to the cause."
            ) from err
        if not (isinstance(got, tuple | list) and len(got) == 2):
            raise AssertionError(
                f"{name} must return a tuple (grad_w, grad_b), got {type(got).__name__}: end "
                "with `return grad_w, grad_b`."
            )
        grad_w, grad_b = got
        if not isinstance(grad_w, torch.Tensor):
            raise AssertionError(
                f"grad_w must be a tensor of shape {tuple(w.shape)}, like w, got "
                f"{type(grad_w).__name__} {where}. Return grad_w as a tensor, e.g. "
                "X.T @ residual / n + lam / n * w, not a list or a NumPy array."
            )
        if grad_w.shape != w.shape:
            raise AssertionError(
                f"grad_w must have the shape of w, {tuple(w.shape)}, got {tuple(grad_w.shape)} "
                f"{where}. Hint: X.T @ (p - y) has shape (d,)."
            )
        _require_dtype(grad_w, "grad_w", where, "X.T @ residual / n + lam / n * w", dtype)
        _require_scalar_tensor(
            grad_b,
            "grad_b",
            "grad_b must be",
            where,
            "residual.mean()",
            many="Hint: sum (or average) the residuals p - y over the examples.",
            dtype=dtype,
        )
        want_w, want_b = _autograd_logistic_grad(w, b, X, y, lam)
        r = torch.sigmoid(X @ w + b) - y  # the residual, to recognise known mistakes
        if not _close(grad_w, want_w, dtype):
            data = X.T @ r / n
            variants = [
                (data, "the penalty term is missing from grad_w: add lam / n * w."),
                (data + lam / (2 * n) * w, "the penalty term is half too small: use lam / n * w."),
                (data + 2 * lam / n * w, "the penalty term is twice too large: use lam / n * w."),
                (data + lam * w, "the penalty term is not divided by n: use lam / n * w."),
                (data * n + lam / n * w, "the data term is summed, not averaged: divide by n."),
                (-data + lam / n * w, "the residual has the wrong sign: sigmoid(X @ w + b) - y."),
            ]
            raise AssertionError(
                f"grad_w is wrong {where}: got {grad_w.tolist()}, expected {want_w.tolist()}."
                + _diagnose(grad_w, variants, dtype, "dJ/dw = X.T @ (p - y) / n + lam / n * w.")
            )
        if not _close(grad_b, want_b, dtype):
            variants = [
                (want_b + lam / n * b, "the bias is not penalized, so grad_b has no lam term."),
                (r.sum(), "grad_b is summed, not averaged: divide by n."),
                (-want_b, "the residual has the wrong sign: it is sigmoid(X @ w + b) - y."),
            ]
            raise AssertionError(
                f"grad_b is wrong {where}: got {grad_b.item():.6f}, expected {want_b.item():.6f}."
                + _diagnose(grad_b, variants, dtype, "dJ/db = mean(sigmoid(X @ w + b) - y).")
            )
    _passed(name, len(LOGISTIC_CASES))
