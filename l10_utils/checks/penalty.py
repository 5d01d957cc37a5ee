"""Notebook 2: ``l2_penalty(model)`` and ``penalized_batch_cost``, the lecture's key line."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable

import torch
from torch import nn

from ._common import (
    _call,
    _close,
    _diagnose,
    _notebook_numbers,
    _passed,
    _require_scalar_tensor,
    _seeded,
)


def check_l2_penalty(l2_penalty: Callable[[nn.Module], torch.Tensor]) -> None:
    """Check ``l2_penalty(model)`` = Σ over weight matrices of ‖W‖²_F, differentiable, no biases.

    It must return a 0-d tensor that requires grad (notebook 2 calls ``.backward()`` through it).
    """
    from ..models import make_mlp

    name = "l2_penalty"
    with _seeded():
        models = [make_mlp((2, 3)), make_mlp((4, 8, 3)), make_mlp((6, 16, 8, 4, 2))]
        # custom names and nested modules: names alone do not say "fc"
        blocks = nn.Sequential(nn.Linear(3, 5), nn.Tanh(), nn.Linear(5, 4))
        models.append(nn.Sequential(OrderedDict(hidden=blocks, out=nn.Linear(4, 2, bias=False))))
        models.append(make_mlp((3, 5, 2)).double())
    with torch.no_grad():  # biases far from zero, so including them shows
        for model in models:
            for pname, p in model.named_parameters():
                if pname.endswith("bias"):
                    p.fill_(1.5)
    for model in models:
        params = dict(model.named_parameters())
        where = f"(model with parameters {', '.join(params)})"
        got = _call(l2_penalty, name, model, case=where)
        example = "a sum of 0-d tensors"
        many = "Add the squared norms of the weight matrices up into one number."
        _require_scalar_tensor(got, "the penalty", f"{name} must return", where, example, many)
        if not got.requires_grad:
            raise AssertionError(
                f"{name} returned a tensor without a gradient {where}: the penalty must stay "
                "differentiable, so do not use .data, .detach() or .item() on the parameters."
            )
        ws = [p.detach() for p in params.values() if p.ndim >= 2]
        sq_w = sum((W**2).sum() for W in ws)
        sq_b = sum((p.detach() ** 2).sum() for p in params.values() if p.ndim < 2)
        dtype = ws[0].dtype
        value = got.detach()
        if not _close(value, torch.as_tensor(sq_w), dtype):
            variants = {
                "it includes the bias vectors: skip the parameters named bias.": sq_w + sq_b,
                "there is a stray 1/2: the 1/2 and lam belong in the cost.": sq_w / 2,
                "the norms are not squared: ||W||_F^2 has no square root in it.": sum(
                    W.norm() for W in ws
                ),
                "it takes the mean of the squared entries where their sum belongs.": sum(
                    (W**2).mean() for W in ws
                ),
                "it adds up the weights without squaring them.": sum(W.sum() for W in ws),
                "it counts only the first weight matrix: add every layer's (a return inside the "
                "loop?).": (ws[0] ** 2).sum(),
                "it counts only the last weight matrix: add every layer's (a total overwritten "
                "instead of added to?).": (ws[-1] ** 2).sum(),
            }
            raise AssertionError(
                f"{name} gave {value.item():.6f}, expected {sq_w.item():.6f} {where}."
                + _diagnose(
                    value,
                    variants,
                    dtype,
                    "add up the squared entries of every weight matrix, and nothing else "
                    "(no bias, no 1/2, no lam).",
                )
            )
        grads = torch.autograd.grad(got, list(params.values()), allow_unused=True)
        for (pname, p), grad in zip(params.items(), grads, strict=True):
            want = 2 * p.detach() if p.ndim >= 2 else torch.zeros_like(p)
            if not _close(torch.zeros_like(p) if grad is None else grad, want, dtype):
                raise AssertionError(
                    f"the gradient of {name} with respect to {pname} is wrong {where}: expected "
                    f"{'2 * W' if p.ndim >= 2 else 'zero (biases are not penalized)'}. "
                    "Is some part of the penalty detached or counted twice?"
                )
    _passed(name, len(models))


# --------------------------------------------------------------------------- the batch cost

# (batch size B, classes, n, λ, dtype): B != n everywhere, so a B where n belongs shows;
# the first n is notebook 2's (60), the others catch an n taken from the notebook;
# λ = 0 is the unpenalized edge case.
BATCH_COST_CASES = [
    (20, 2, 60, 1.0, torch.float64),
    (64, 10, 3000, 30.0, torch.float32),
    (5, 3, 1000, 0.0, torch.float64),
    (7, 4, 21, 0.5, torch.float64),
]


def check_penalized_batch_cost(penalized_batch_cost: Callable[..., torch.Tensor]) -> None:
    """Check ``penalized_batch_cost(logits, targets, penalty, lam, n)``: the mini-batch cost
    whose average over random mini-batches is notebook 2's full cost J (n examples).

    It must return a 0-d tensor in the logits' dtype through which gradients flow to the
    logits and to the penalty (notebook 2's loop calls ``.backward()`` on it).
    """
    name = "penalized_batch_cost"
    for case, (B, classes, n, lam, dtype) in enumerate(BATCH_COST_CASES):
        with _seeded(case):
            logits = (3 * torch.randn(B, classes, dtype=dtype)).requires_grad_()
            targets = torch.randint(0, classes, (B,))
            penalty = (torch.randn(6, dtype=dtype, requires_grad=True) ** 2).sum() + 4.0
        where = f"(a batch of B = {B}, n = {n} training examples, lam = {lam})"
        got = _call(penalized_batch_cost, name, logits, targets, penalty, lam, n, case=where)
        example = "a tensor built from F.cross_entropy(logits, targets) and penalty"
        many = "A cost is one number: reduce the batch's losses to one."
        _require_scalar_tensor(got, "the cost", f"{name} must return", where, example, many, dtype)
        loss = torch.nn.functional.cross_entropy(logits.detach(), targets)
        pen = penalty.detach()
        want = loss + lam / (2 * n) * pen
        value = got.detach()
        if not _close(value, want, dtype):
            per_example = (
                "the penalty is not a per-example term: it depends on the weights only, so a "
                "batch knows it exactly, and J's penalty enters every batch's cost as it is"
            )
            variants = {
                f"it divides by the batch size (B = {B}) where J has n, which makes the penalty "
                f"n/B times too strong; {per_example}: n stays the number of training "
                "examples.": loss + lam / (2 * B) * pen,
                "that is the course's per-batch line, 2./targets.size(0) * LAMBDA * L2: it "
                "divides by the batch size, in another convention; average your cost over "
                "batches and compare it with J, whose penalty has n, the number of training "
                "examples.": loss + 2 / B * lam * pen,
                f"it scales the penalty by B/n, as if each batch owned its share; {per_example}.": (
                    loss + B / n * lam / (2 * n) * pen
                ),
                "it is the batch's share of the summed cost n * J, so it averages to B * J, not "
                "J: J's first term is a mean over examples, and its penalty is not shared out "
                "among them.": loss * B + B / n * lam / 2 * pen,
                "the 1/2 is missing: the penalty's factor is twice J's.": loss + lam / n * pen,
                "the 1/2 is counted twice: the penalty's factor is half of J's.": (
                    loss + lam / (4 * n) * pen
                ),
                "it sums the batch's losses: that is B times their mean, and J's first term is a "
                "mean (F.cross_entropy averages by default).": loss * B + lam / (2 * n) * pen,
                "the penalty is missing: J has two terms.": loss,
                "the penalty's factor is upside down: n divides.": loss + lam * n / 2 * pen,
                "nll_loss expects log-probabilities; the model gives logits: use "
                "F.cross_entropy(logits, targets).": (
                    torch.nn.functional.nll_loss(logits.detach(), targets) + lam / (2 * n) * pen
                ),
            }
            # what it may have read instead of n: the notebook's n, its tensors' lengths
            found = getattr(penalized_batch_cost, "__globals__", {}).values()
            found = {len(v) for v in found if isinstance(v, torch.Tensor) and v.ndim}
            found |= set(_notebook_numbers(penalized_batch_cost, ("n",)).values())
            for m in sorted(m for m in found if m > 0 and m not in (n, B)):
                variants[
                    f"inside the function use the argument n, not the notebook's n ({m:g}): the "
                    "check calls it with other numbers of training examples."
                ] = loss + lam / (2 * m) * pen
            raise AssertionError(
                f"{name} gave {value.item():.6f}, expected {want.item():.6f} {where}."
                + _diagnose(
                    value,
                    variants,
                    dtype,
                    "decide what each of J's two terms becomes for one batch: which one can a "
                    "batch only estimate, and which one does it know exactly? The average over "
                    "random batches must be J.",
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
                f"the cost's derivative with respect to the penalty is {grads[1].item():.3g}, "
                f"expected {lam / (2 * n):.3g} {where}: is part of the penalty detached or "
                "counted twice?"
            )
    _passed(name, len(BATCH_COST_CASES))
