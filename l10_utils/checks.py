"""Checkers for the graded exercises: each takes the student's function as its argument.

A checker tries the function on several fixed cases and edge cases. When a case fails
it raises ``AssertionError`` with a hint that names the likely mistake; when all pass it
prints one line, e.g. ``✓ l2_penalty: 5 cases passed``. Conventions checked:

- cost (notebook 1): mean binary cross-entropy over the n examples + λ/(2n)·‖w‖², bias
  not penalized;
- ``l2_penalty(model)`` (notebook 2): Σ over weight matrices of ‖W‖²_F (no ½, no λ, no biases).
"""

from __future__ import annotations

from collections.abc import Callable

import torch
import torch.nn.functional as F
from torch import nn

# --------------------------------------------------------------------------- helpers


def _passed(name: str, n_cases: int) -> None:
    print(f"✓ {name}: {n_cases} cases passed")


def _close(a: torch.Tensor, b: torch.Tensor, dtype: torch.dtype) -> bool:
    tol = 1e-4 if dtype == torch.float32 else 1e-9
    return bool(torch.allclose(a.to(torch.float64), b.to(torch.float64), rtol=tol, atol=tol))


def _diagnose(
    got: torch.Tensor,
    variants: list[tuple[torch.Tensor, str]],
    dtype: torch.dtype,
    fallback: str,
) -> str:
    """Return " Likely cause: <hint>" for the first known mistake whose value equals ``got``."""
    for value, hint in variants:
        if _close(got, value, dtype):
            return " Likely cause: " + hint
    return " Hint: " + fallback


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


def _call(fn: Callable, name: str, *args):
    try:
        return fn(*args)
    except NotImplementedError:
        raise AssertionError(
            f"{name} is not implemented yet: replace `raise NotImplementedError()` with your code"
        ) from None


def _describe(w, X, lam) -> str:
    return f"(n={len(X)}, d={len(w)}, lam={lam}, {str(w.dtype).replace('torch.', '')})"


# --------------------------------------------------------------------------- notebook 1


def reference_logistic_cost(w, b, X, y, lam):
    """Return mean BCE of ``sigmoid(X @ w + b)`` vs ``y`` plus ``lam / (2 n) * ||w||^2``."""
    n = len(X)
    return F.binary_cross_entropy_with_logits(X @ w + b, y) + lam / (2 * n) * (w**2).sum()


def check_penalized_logistic_cost(penalized_logistic_cost: Callable) -> None:
    """Check ``penalized_logistic_cost(w, b, X, y, lam)``; print one line when all cases pass."""
    name = "penalized_logistic_cost"
    for seed, (n, d, lam, dtype) in enumerate(LOGISTIC_CASES):
        w, b, X, y, lam = _logistic_case(n, d, lam, dtype, seed)
        w.requires_grad_(True)
        where = _describe(w, X, lam)
        got = _call(penalized_logistic_cost, name, w, b, X, y, lam)
        if not isinstance(got, torch.Tensor):
            raise AssertionError(
                f"{name} must return a torch tensor, got {type(got).__name__} {where}. "
                "Keep the computation in torch: do not call .item(), float() or numpy."
            )
        if got.numel() != 1:
            raise AssertionError(
                f"{name} must return one number (a scalar tensor), got shape {tuple(got.shape)} "
                f"{where}. Did you forget to average the per-example losses?"
            )
        if not got.requires_grad:
            raise AssertionError(
                f"{name} returned a tensor without a gradient {where}: the cost must stay "
                "differentiable in w, so do not use .item(), .data, .detach() or numpy."
            )
        got = got.detach().reshape(())
        bce = _bce(X @ w + b, y)
        sq = (w.detach() ** 2).sum()
        want = bce + lam / (2 * n) * sq
        if _close(got, want, dtype):
            continue
        pen = lam / (2 * n) * sq  # the right penalty, to isolate mistakes in the loss
        w0 = w.detach()
        variants = [
            (bce + lam / n * sq, "the penalty is twice too large: use lam / (2 * n), not lam / n."),
            (bce + lam / (4 * n) * sq, "the penalty is half too small: is there a stray 1/2?"),
            (bce + lam / 2 * sq, "the penalty is not divided by n: use lam / (2 * n)."),
            (bce + lam * sq, "the penalty is missing its 1/(2n): use lam / (2 * n), not lam."),
            (bce + lam / (2 * n) * (sq + b**2), "the penalty includes the bias b: only w is."),
            (bce + lam / (2 * n) * sq.sqrt(), "the norm is not squared: use (w ** 2).sum()."),
            (bce, "the penalty is missing: add lam / (2 * n) * (w ** 2).sum() to the mean loss."),
            (bce * n + pen, "the cross-entropy is summed over the examples: use the mean."),
            (-bce + pen, "the cross-entropy has the wrong sign: -[y log p + (1 - y) log(1 - p)]."),
            (_bce(X @ w0 + b, 1 - y) + pen, "y and 1 - y are swapped in the cross-entropy."),
            (_bce(X @ w0, y) + pen, "the bias is missing from the logits: use X @ w + b."),
        ]
        raise AssertionError(
            f"{name} gave {got.item():.6f}, expected {want.item():.6f} {where}."
            + _diagnose(got, variants, dtype, "check the mean cross-entropy and lam / (2 * n).")
        )
    _passed(name, len(LOGISTIC_CASES))


def check_penalized_logistic_grad(penalized_logistic_grad: Callable) -> None:
    """Check ``penalized_logistic_grad(w, b, X, y, lam) -> (grad_w, grad_b)`` against autograd."""
    name = "penalized_logistic_grad"
    for seed, (n, d, lam, dtype) in enumerate(LOGISTIC_CASES):
        w, b, X, y, lam = _logistic_case(n, d, lam, dtype, seed)
        where = _describe(w, X, lam)
        try:
            with torch.no_grad():
                got = _call(penalized_logistic_grad, name, w, b, X, y, lam)
        except RuntimeError as err:
            if "grad" in str(err):
                raise AssertionError(
                    f"{name} seems to use autograd ({err}). Derive the gradient by hand: "
                    "grad_w = X.T @ (sigmoid(X @ w + b) - y) / n + lam / n * w."
                ) from None
            raise
        if not (isinstance(got, tuple | list) and len(got) == 2):
            raise AssertionError(
                f"{name} must return a pair (grad_w, grad_b), got {type(got).__name__}"
            )
        grad_w, grad_b = (torch.as_tensor(g, dtype=dtype) for g in got)
        if grad_w.shape != w.shape:
            raise AssertionError(
                f"grad_w must have the shape of w, {tuple(w.shape)}, got {tuple(grad_w.shape)} "
                f"{where}. Hint: X.T @ (p - y) has shape (d,)."
            )
        if grad_b.numel() != 1:
            raise AssertionError(
                f"grad_b must be one number (b is a scalar), got shape {tuple(grad_b.shape)} "
                f"{where}. Hint: sum (or average) the residuals p - y over the examples."
            )
        grad_b = grad_b.reshape(())
        r = torch.sigmoid(X @ w + b) - y
        want_w = X.T @ r / n + lam / n * w
        want_b = r.mean()
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


# --------------------------------------------------------------------------- notebook 2


class _TwoBlocks(nn.Module):
    """A model with custom names and nested modules: names alone do not say 'fc'."""

    def __init__(self) -> None:
        super().__init__()
        self.hidden = nn.Sequential(nn.Linear(3, 5), nn.Tanh(), nn.Linear(5, 4))
        self.out = nn.Linear(4, 2, bias=False)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.out(torch.tanh(self.hidden(x)))


def _l2_models() -> list[nn.Module]:
    from .models import make_mlp

    torch.manual_seed(0)
    models: list[nn.Module] = [
        make_mlp((2, 3)),
        make_mlp((4, 8, 3)),
        make_mlp((6, 16, 8, 4, 2)),
        _TwoBlocks(),
        make_mlp((3, 5, 2)).double(),
    ]
    with torch.no_grad():  # biases far from zero, so including them shows
        for model in models:
            for pname, p in model.named_parameters():
                if pname.endswith("bias"):
                    p.fill_(1.5)
    return models


def check_l2_penalty(l2_penalty: Callable[[nn.Module], torch.Tensor]) -> None:
    """Check ``l2_penalty(model)`` = Σ over weight matrices of ‖W‖²_F, differentiable, no biases."""
    name = "l2_penalty"
    models = _l2_models()
    for model in models:
        params = dict(model.named_parameters())
        before = {k: p.detach().clone() for k, p in params.items()}
        where = f"(model with parameters {', '.join(params)})"
        got = _call(l2_penalty, name, model)
        if not isinstance(got, torch.Tensor):
            raise AssertionError(
                f"{name} must return a tensor, got {type(got).__name__} {where}. Sum tensors with "
                "(p ** 2).sum() and keep the result a tensor: no .item(), float() or numpy, so "
                "that the penalty stays differentiable."
            )
        if got.numel() != 1:
            raise AssertionError(
                f"{name} must return a scalar tensor, got shape {tuple(got.shape)}"
            )
        if not got.requires_grad:
            raise AssertionError(
                f"{name} returned a tensor without a gradient {where}: the penalty must stay "
                "differentiable, so do not use .data, .detach() or .item() on the parameters."
            )
        if any(not torch.equal(p.detach(), before[k]) for k, p in params.items()):
            raise AssertionError(f"{name} changed the model's parameters: compute, do not modify.")
        weights = {k: p for k, p in params.items() if p.ndim >= 2}
        biases = {k: p for k, p in params.items() if p.ndim < 2}
        sq_w = sum((p.detach() ** 2).sum() for p in weights.values())
        sq_b = sum((p.detach() ** 2).sum() for p in biases.values())
        dtype = next(iter(params.values())).dtype
        value = got.detach().reshape(())
        if not _close(value, torch.as_tensor(sq_w), dtype):
            ws = [p.detach() for p in weights.values()]
            variants = [
                (sq_w + sq_b, "it includes the bias vectors: skip names ending in 'bias'."),
                (sq_w / 2, "there is a stray 1/2: the 1/2 and lam belong in the cost."),
                (sum(W.norm() for W in ws), "the norms are not squared: use (W ** 2).sum()."),
                (
                    sum((W**2).mean() for W in ws),
                    "it takes the mean of W ** 2 where the sum belongs.",
                ),
                (sum(W.sum() for W in ws), "it sums the weights without squaring them."),
                ((ws[0] ** 2).sum(), "it counts only the first weight matrix: add every layer."),
                ((ws[-1] ** 2).sum(), "it counts only the last weight matrix: add every layer."),
            ]
            raise AssertionError(
                f"{name} gave {value.item():.6f}, expected {sq_w.item():.6f} {where}."
                + _diagnose(value, variants, dtype, "expected the sum of (W ** 2).sum() over W.")
            )
        grads = torch.autograd.grad(got.reshape(()), list(params.values()), allow_unused=True)
        for (pname, p), grad in zip(params.items(), grads, strict=True):
            want = 2 * p.detach() if p.ndim >= 2 else torch.zeros_like(p)
            if grad is None:
                grad = torch.zeros_like(p)
            if not _close(grad, want, dtype):
                raise AssertionError(
                    f"the gradient of {name} with respect to {pname} is wrong {where}: expected "
                    f"{'2 * W' if p.ndim >= 2 else 'zero (biases are not penalized)'}. "
                    "Is some part of the penalty detached or counted twice?"
                )
    _passed(name, len(models))
