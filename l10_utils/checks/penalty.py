"""Notebook 2: ``l2_penalty(model)`` and ``penalized_batch_cost``, the lecture's key line.

``l2_penalty``: the sum over weight matrices of ‖W‖²_F, no ½, no λ, no biases.
``penalized_batch_cost(logits, targets, penalty, lam, n)``: the batch's mean loss
+ ``lam / (2 * n) * penalty``, with n the number of training examples.
"""

from __future__ import annotations

from collections.abc import Callable

import torch
from torch import nn

from ._common import _call, _close, _diagnose, _passed, _require_scalar_tensor, _seeded


class _TwoBlocks(nn.Module):
    """A model with custom names and nested modules: names alone do not say 'fc'."""

    def __init__(self) -> None:
        super().__init__()
        self.hidden = nn.Sequential(nn.Linear(3, 5), nn.Tanh(), nn.Linear(5, 4))
        self.out = nn.Linear(4, 2, bias=False)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.out(torch.tanh(self.hidden(x)))


def _l2_models() -> list[nn.Module]:
    from ..models import make_mlp

    with _seeded():
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
    """Check ``l2_penalty(model)`` = Σ over weight matrices of ‖W‖²_F, differentiable, no biases.

    It must return a 0-d tensor that requires grad (notebook 2 adds it to the cost and
    calls ``.backward()``; later cells call ``.sqrt().item()`` on it).
    """
    name = "l2_penalty"
    models = _l2_models()
    for model in models:
        params = dict(model.named_parameters())
        where = f"(model with parameters {', '.join(params)})"
        got = _call(l2_penalty, name, model, case=where)
        _require_scalar_tensor(
            got,
            "the penalty",
            f"{name} must return",
            where,
            "sum((p ** 2).sum() for p in weights)",
            many="Sum every (W ** 2).sum() into one number.",
        )
        if not got.requires_grad:
            raise AssertionError(
                f"{name} returned a tensor without a gradient {where}: the penalty must stay "
                "differentiable, so do not use .data, .detach() or .item() on the parameters."
            )
        weights = {k: p for k, p in params.items() if p.ndim >= 2}
        biases = {k: p for k, p in params.items() if p.ndim < 2}
        sq_w = sum((p.detach() ** 2).sum() for p in weights.values())
        sq_b = sum((p.detach() ** 2).sum() for p in biases.values())
        dtype = next(iter(params.values())).dtype
        value = got.detach()
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
        grads = torch.autograd.grad(got, list(params.values()), allow_unused=True)
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


# --------------------------------------------------------------------------- the batch cost

# (batch size B, classes, n, λ, dtype): B != n everywhere, so a B where n belongs shows;
# λ = 0 is the unpenalized edge case.
BATCH_COST_CASES = [
    (20, 2, 60, 1.0, torch.float64),
    (64, 10, 3000, 30.0, torch.float32),
    (5, 3, 1000, 0.0, torch.float64),
    (7, 4, 21, 0.5, torch.float64),
]


def _batch_case(
    B: int, classes: int, dtype: torch.dtype, seed: int
) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    """Return (logits (B, classes), int64 targets (B,), penalty: a 0-d tensor with a gradient)."""
    with _seeded(seed):
        logits = (3 * torch.randn(B, classes, dtype=dtype)).requires_grad_()
        targets = torch.randint(0, classes, (B,))
        weights = torch.randn(6, dtype=dtype, requires_grad=True)
    return logits, targets, (weights**2).sum() + 4.0


def check_penalized_batch_cost(
    penalized_batch_cost: Callable[..., torch.Tensor],
) -> None:
    """Check ``penalized_batch_cost(logits, targets, penalty, lam, n)``: the mini-batch cost.

    It is the batch's mean cross-entropy + ``lam / (2 * n) * penalty``, ``n`` the number of
    training examples (not the batch size). It must return a 0-d tensor in the logits'
    dtype through which gradients flow to the logits and to the penalty (notebook 2's loop
    calls ``.backward()`` on it).
    """
    name = "penalized_batch_cost"
    for case, (B, classes, n, lam, dtype) in enumerate(BATCH_COST_CASES):
        logits, targets, penalty = _batch_case(B, classes, dtype, seed=case)
        where = f"(a batch of B = {B}, n = {n} training examples, lam = {lam})"
        got = _call(penalized_batch_cost, name, logits, targets, penalty, lam, n, case=where)
        _require_scalar_tensor(
            got,
            "the cost",
            f"{name} must return",
            where,
            "F.cross_entropy(logits, targets) + lam / (2 * n) * penalty",
            many="Use the batch's *mean* loss (F.cross_entropy averages by default).",
            dtype=dtype,
        )
        loss = torch.nn.functional.cross_entropy(logits.detach(), targets)
        pen = penalty.detach()
        want = loss + lam / (2 * n) * pen
        value = got.detach()
        if not _close(value, want, dtype):
            variants = [
                (
                    loss + lam / (2 * B) * pen,
                    f"it divides by the batch size (B = {B}), which makes the penalty n/B times "
                    "too strong: the penalty is not a per-example term, so n stays the number "
                    "of training examples.",
                ),
                (
                    loss + 2 / B * lam * pen,
                    "that is the course's per-batch code, 2./B * LAMBDA * L2: with our lam use "
                    "lam / (2 * n), n the number of training examples.",
                ),
                (loss + lam / n * pen, "the 1/2 is missing: lam / (2 * n) * penalty."),
                (loss + lam / (4 * n) * pen, "the 1/2 is counted twice: lam / (2 * n) * penalty."),
                (
                    loss * B + lam / (2 * n) * pen,
                    "it sums the batch's losses: the cost uses their mean (F.cross_entropy's "
                    "default reduction).",
                ),
                (loss, "the penalty is missing: add lam / (2 * n) * penalty."),
                (loss + lam * n / 2 * pen, "the fraction is upside down: lam / (2 * n)."),
                (
                    torch.nn.functional.nll_loss(logits.detach(), targets) + lam / (2 * n) * pen,
                    "nll_loss expects log-probabilities; the model gives logits: use "
                    "F.cross_entropy(logits, targets).",
                ),
            ]
            raise AssertionError(
                f"{name} gave {value.item():.6f}, expected {want.item():.6f} {where}."
                + _diagnose(
                    value,
                    variants,
                    dtype,
                    "mean cross-entropy of the batch + lam / (2 * n) * penalty.",
                )
            )
        grads = torch.autograd.grad(got, [logits, penalty], allow_unused=True)
        if grads[0] is None or (grads[1] is None and lam > 0):
            raise AssertionError(
                f"{name} is not differentiable {where}: gradients must flow back to the logits "
                "and to the penalty, so do not use .item(), .detach() or .data in it."
            )
        if lam > 0 and not _close(grads[1], torch.tensor(lam / (2 * n), dtype=dtype), dtype):
            raise AssertionError(
                f"the cost's derivative with respect to the penalty should be lam / (2 * n) = "
                f"{lam / (2 * n):.3g} {where}, got {grads[1].item():.3g}: is part of the penalty "
                "detached or counted twice?"
            )
    _passed(name, len(BATCH_COST_CASES))
