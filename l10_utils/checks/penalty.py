"""Notebook 2: ``l2_penalty(model)``, the sum over weight matrices of ‖W‖²_F.

No ½, no λ, no biases: the cost adds ``lam / (2 * n) * l2_penalty(model)``.
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
        before = {k: p.detach().clone() for k, p in params.items()}
        where = f"(model with parameters {', '.join(params)})"
        got = _call(l2_penalty, name, model)
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
        if any(not torch.equal(p.detach(), before[k]) for k, p in params.items()):
            raise AssertionError(f"{name} changed the model's parameters: compute, do not modify.")
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
