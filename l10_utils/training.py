"""The training loop of the notebooks: ``fit`` and ``evaluate``.

For n training examples the cost is ``J(w) = mean loss + lam / (2n) * penalty(model)``.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field

import torch
import torch.nn.functional as F
from torch import nn
from tqdm.auto import tqdm

from .models import weight_norms
from .validate import Split, check_split

Penalty = Callable[[nn.Module], torch.Tensor]


@dataclass
class History:
    """Per epoch, after it, in eval mode: mean data loss (no penalty) and accuracy of the whole
    train and val splits (``val_*`` empty without one), and ``||W||_F`` of each weight by name."""

    epochs: list[int] = field(default_factory=list)
    train_loss: list[float] = field(default_factory=list)
    train_acc: list[float] = field(default_factory=list)
    val_loss: list[float] = field(default_factory=list)
    val_acc: list[float] = field(default_factory=list)
    weight_norms: dict[str, list[float]] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.epochs)


class DivergedError(FloatingPointError):
    """Training produced a loss or an output that is not finite (NaN or inf)."""


def diverged(run: str, epoch: int, lr: float | None) -> DivergedError:
    """Return the error for a run whose loss stopped being finite in ``epoch``, with what to try."""
    rate = f" at learning rate {lr:g}" if lr is not None else ""
    smaller = f" (e.g. lr={lr / 10:g})" if lr else ""
    return DivergedError(
        f"{run} diverged in epoch {epoch}{rate}: its loss is NaN or inf, so no number it would "
        f"report means anything. Try a smaller learning rate{smaller} or a smaller λ; if it "
        "fails from the first epoch, look for NaN or inf in the inputs with "
        "torch.isfinite(X).all()."
    )


def outputs_not_finite(outputs: str) -> DivergedError:
    """Return the error for ``outputs`` that are NaN or inf: no loss or accuracy comes from them."""
    return DivergedError(
        f"{outputs} hold NaN or inf (weights that are NaN, inf or far too large: the "
        "training that made them diverged), so no loss or accuracy is computed from them. Try a "
        "smaller learning rate or λ."
    )


def _batch_cost(
    model: nn.Module,
    xb: torch.Tensor,
    yb: torch.Tensor,
    *,
    penalty: Penalty | None = None,
    lam: float = 0.0,
    n: int = 1,
) -> torch.Tensor:
    cost = F.cross_entropy(model(xb), yb)
    if penalty is not None and lam > 0:
        term = penalty(model)
        if not isinstance(term, torch.Tensor) or term.ndim != 0:
            raise ValueError(f"penalty(model) must return a scalar tensor, got {term!r}")
        if not term.requires_grad:
            raise ValueError(
                "penalty(model) returned a tensor without a gradient, so it would not "
                "regularize anything: build it from the parameters (no .item(), .data or .detach())"
            )
        cost = cost + lam / (2 * n) * term
    return cost


def training_step(
    model: nn.Module, optimizer: torch.optim.Optimizer, xb: torch.Tensor, yb: torch.Tensor, **cost
) -> torch.Tensor:
    """Take one optimizer step on a batch's (penalized) cost; return the cost, detached."""
    optimizer.zero_grad()
    value = _batch_cost(model, xb, yb, **cost)
    value.backward()
    optimizer.step()
    return value.detach()


def train_one_epoch(
    model: nn.Module,
    optimizer: torch.optim.Optimizer,
    X: torch.Tensor,
    y: torch.Tensor,
    *,
    batch_size: int,
    generator: torch.Generator,
    **cost,
) -> float:
    """Train one epoch in mini-batches shuffled by ``generator``; return the mean of the
    batches' costs, each measured before its step (a smaller last batch counts as a full one).
    """
    model.train()
    order = torch.randperm(len(X), generator=generator).to(X.device)
    total = torch.zeros((), device=X.device)
    for start in range(0, len(X), batch_size):
        idx = order[start : start + batch_size]
        total += training_step(model, optimizer, X[idx], y[idx], **cost)
    return total.item() / -(-len(X) // batch_size)


def evaluate(
    model: nn.Module, X: torch.Tensor, y: torch.Tensor, *, batch_size: int = 8192
) -> tuple[float, float]:
    """Return ``(mean loss, accuracy)`` of ``model`` on ``(X, y)``; accuracy in [0, 1]."""
    return _evaluate(model, *check_split((X, y), "evaluate", *_layer_sizes(model)), batch_size)


@torch.no_grad()
def _evaluate(model, X, y, batch_size: int = 8192) -> tuple[float, float]:
    """``evaluate`` on data already checked; DivergedError if the outputs are not finite."""
    device = next(model.parameters()).device
    was_training = model.training
    model.eval()
    loss_sum, correct = 0.0, 0
    for xb, yb in zip(X.split(batch_size), y.split(batch_size), strict=True):
        xb, yb = xb.to(device), yb.to(device)
        logits = model(xb)
        if not torch.isfinite(logits).all():
            raise outputs_not_finite("evaluate: the model's outputs")
        loss_sum += F.cross_entropy(logits, yb).item() * len(xb)
        correct += (logits.argmax(dim=1) == yb).sum().item()
    model.train(was_training)
    return loss_sum / len(X), correct / len(X)


def fit(
    model: nn.Module,
    train: Split,
    val: Split | None = None,
    *,
    epochs: int = 10,
    batch_size: int = 64,
    optimizer: torch.optim.Optimizer | None = None,
    lr: float = 0.1,
    penalty: Penalty | None = None,
    lam: float = 0.0,
    seed: int = 0,
    progress: bool = True,
    desc: str | None = None,
) -> History:
    """Train ``model`` in place on mini-batches shuffled with ``seed``; return its ``History``.

    ``penalty`` and ``lam``: the manual L2 route; ``optimizer`` (default ``SGD(lr=lr)``) with
    ``weight_decay``: the optimizer route. ``DivergedError`` once the cost or weights diverge.
    """
    sizes = _layer_sizes(model)
    splits = {"train": check_split(train, "train", *sizes)}  # once, here: not every epoch
    if val is not None:
        splits["val"] = check_split(val, "val", *sizes)
    if lam > 0 and penalty is None:
        raise ValueError(
            f"lam={lam} was given without a penalty function: pass penalty=<your l2 penalty>, "
            "or use the optimizer's weight_decay instead"
        )
    if optimizer is None:
        optimizer = torch.optim.SGD(model.parameters(), lr=lr)
    run = f"fit{f' ({desc})' if desc else ''} with lam={lam:g}, seed={seed}"
    device = next(model.parameters()).device
    splits = {name: (Xs.to(device), ys.to(device)) for name, (Xs, ys) in splits.items()}
    X, y = splits["train"]
    kw = dict(generator=torch.Generator().manual_seed(seed), penalty=penalty, lam=lam, n=len(X))

    history = History()
    with tqdm(range(1, epochs + 1), desc=desc, disable=not progress, unit="epoch") as bar:
        for epoch in bar:
            cost = train_one_epoch(model, optimizer, X, y, batch_size=batch_size, **kw)
            finite_weights = all(p.isfinite().all() for p in model.parameters())
            try:
                if not (math.isfinite(cost) and finite_weights):
                    raise DivergedError
                numbers = {name: _evaluate(model, *split) for name, split in splits.items()}
            except DivergedError:  # the cost, the weights or the outputs are NaN or inf
                raise diverged(run, epoch, optimizer.param_groups[0].get("lr")) from None
            history.epochs.append(epoch)
            for name, (loss, acc) in numbers.items():
                getattr(history, f"{name}_loss").append(loss)
                getattr(history, f"{name}_acc").append(acc)
            for name, norm in weight_norms(model).items():
                history.weight_norms.setdefault(name, []).append(norm)
            postfix = {f"{name}_acc": f"{acc:.3f}" for name, (_, acc) in numbers.items()}
            bar.set_postfix(postfix, refresh=False)
    return history


def _layer_sizes(model: nn.Module) -> tuple[int | None, int | None]:
    """The model's input and output widths: its first and last ``Linear`` (None if none)."""
    linears = [m for m in model.modules() if isinstance(m, nn.Linear)]
    return (linears[0].in_features, linears[-1].out_features) if linears else (None, None)
