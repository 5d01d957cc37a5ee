"""Notebook 2: ``l2_penalty(model)`` and ``penalized_batch_cost``, against numbers stored from
the solution notebook: the value, and derivatives that show a detached or doubled part."""

from __future__ import annotations

import torch
from torch import nn

from ._engine import Exercise, directional, dtype, model, seeded, tensor_like


def _penalty(out, args: tuple, where: str) -> list[float]:
    net: nn.Module = args[0]
    like = torch.zeros((), dtype=next(net.parameters()).dtype)
    tensor_like(out, like, "l2_penalty's result", where, "a sum of 0-d tensors (start from 0.0)",
                differentiable=True)  # fmt: skip
    return [out.item(), sum(directional(out, list(net.parameters())))]


L2_PENALTY = Exercise(
    "l2_penalty",
    "Σ over the weight matrices of ‖W‖²_F, differentiable, no biases.",
    "a 0-d tensor that requires grad (notebook 2 calls ``.backward()`` through it).",
    inputs=lambda case: (model(case),),
    result=_penalty,
    fallback="reread the definition of ‖W‖²_F, and what this function leaves to the cost; "
    "print each parameter's name to see what your loop visits.",
)


def _batch(case: dict) -> tuple:
    B, classes, kind = case["B"], case["classes"], dtype(case)
    with seeded(case["seed"]):
        logits = (3 * torch.randn(B, classes, dtype=kind)).requires_grad_()
        targets = torch.randint(0, classes, (B,))
        penalty = (torch.randn(6, dtype=kind, requires_grad=True) ** 2).sum() + 4.0
    return logits, targets, penalty, case["lam"], case["n"]


def _cost(out, args: tuple, where: str) -> list[float]:
    logits, penalty = args[0], args[2]
    how = "F.cross_entropy(logits, targets) and penalty"
    tensor_like(
        out, torch.zeros((), dtype=logits.dtype), "the cost", where, how, differentiable=True
    )
    return [out.item(), *directional(out, [logits, penalty])]


BATCH_COST = Exercise(
    "penalized_batch_cost",
    "the mini-batch cost whose average over random mini-batches is notebook 2's cost J.",
    "a 0-d tensor in the logits' dtype through which gradients flow to the logits and to the "
    "penalty (notebook 2's loop calls ``.backward()`` on it).",
    inputs=_batch,
    result=_cost,
    fallback="decide what each of J's two terms becomes for one batch: which one can a batch "
    "only estimate, and which one does it know exactly? Averaged over random batches, the "
    "batch cost must be J.",
)
