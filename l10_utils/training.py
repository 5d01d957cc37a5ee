"""The training loop shared by the notebooks: ``fit``, ``evaluate`` and their checks.

The L2 convention of this bundle: for ``n`` training examples the full cost is

    J(w) = mean loss over the n examples + lam / (2 * n) * penalty(model)

where ``penalty(model)`` is written in the notebook (notebook 2's exercise). What one
mini-batch's cost must be, so that it estimates J, is notebook 2's other exercise.
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
    """Per-epoch record of a run: train/val loss and accuracy and the weight norms.

    ``train_loss``/``val_loss`` are the mean data loss (without the penalty) over the
    whole split, measured after each epoch in eval mode; ``*_acc`` are fractions in
    [0, 1]; ``weight_norms[name][e]`` is ``||W||_F`` of weight ``name`` after epoch e+1.
    ``val_*`` stay empty when no validation split was given.
    """

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


def penalized_cost(
    model: nn.Module,
    xb: torch.Tensor,
    yb: torch.Tensor,
    *,
    penalty: Penalty | None = None,
    lam: float = 0.0,
    n: int = 1,
) -> torch.Tensor:
    """Return one mini-batch's penalized cost for ``model`` (notebook 2's exercise)."""
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
    model: nn.Module,
    optimizer: torch.optim.Optimizer,
    xb: torch.Tensor,
    yb: torch.Tensor,
    **cost_kwargs,
) -> torch.Tensor:
    """Take one optimizer step on ``penalized_cost`` of a batch; return the (detached) cost."""
    optimizer.zero_grad()
    cost = penalized_cost(model, xb, yb, **cost_kwargs)
    cost.backward()
    optimizer.step()
    return cost.detach()


def train_one_epoch(
    model: nn.Module,
    optimizer: torch.optim.Optimizer,
    X: torch.Tensor,
    y: torch.Tensor,
    *,
    batch_size: int,
    generator: torch.Generator,
    **cost_kwargs,
) -> float:
    """Train one epoch on preloaded tensors in shuffled mini-batches.

    Returns the mean over the epoch's mini-batches of each batch's cost (penalty included),
    each measured before its step; a smaller last batch counts as much as a full one.
    """
    model.train()
    order = torch.randperm(len(X), generator=generator).to(X.device)
    total = torch.zeros((), device=X.device)
    for start in range(0, len(X), batch_size):
        idx = order[start : start + batch_size]
        total += training_step(model, optimizer, X[idx], y[idx], **cost_kwargs)
    return total.item() / -(-len(X) // batch_size)


def evaluate(
    model: nn.Module,
    X: torch.Tensor,
    y: torch.Tensor,
    *,
    batch_size: int = 8192,
) -> tuple[float, float]:
    """Return ``(mean loss, accuracy)`` of ``model`` on ``(X, y)``; accuracy in [0, 1].

    Raises ``ValueError`` for data the model cannot take (see ``check_split``) and
    ``DivergedError`` when the model's outputs are not finite.
    """
    X, y = check_split((X, y), "evaluate", *_layer_sizes(model))
    return _evaluate(model, X, y, batch_size)


@torch.no_grad()
def _evaluate(
    model: nn.Module, X: torch.Tensor, y: torch.Tensor, batch_size: int = 8192
) -> tuple[float, float]:
    """``evaluate`` without the data check: for data already checked (``fit``, every epoch)."""
    device = next(model.parameters()).device
    was_training = model.training
    model.eval()
    loss_sum, correct = 0.0, 0
    for start in range(0, len(X), batch_size):
        xb = X[start : start + batch_size].to(device)
        yb = y[start : start + batch_size].to(device)
        logits = model(xb)
        if not torch.isfinite(logits).all():
            raise DivergedError(
                "evaluate: the model's outputs hold NaN or inf, so no loss or accuracy is "
                "computed from them. Its weights are NaN, inf or far too large: the training "
                "that made them diverged (try a smaller learning rate or λ)."
            )
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
    """Train ``model`` in place with mini-batch descent; return its per-epoch ``History``.

    Cost per mini-batch: the penalized batch cost of notebook 2's exercise, with
    ``penalty(model)`` and ``lam`` (the manual L2 route; ``penalty`` is written in the
    notebook). ``optimizer`` defaults to plain ``SGD(model.parameters(), lr=lr)``; pass
    one with ``weight_decay`` for the optimizer route. Data moves once to the model's
    device; mini-batches are shuffled by a generator seeded with ``seed``. Stops with
    ``DivergedError`` at the end of the first epoch whose cost is not finite.
    """
    sizes = _layer_sizes(model)
    X, y = check_split(train, "train", *sizes)  # once, here: not again every epoch
    if val is not None:
        val = check_split(val, "val", *sizes)
    if lam > 0 and penalty is None:
        raise ValueError(
            f"lam={lam} was given without a penalty function: pass penalty=<your l2 penalty>, "
            "or use the optimizer's weight_decay instead"
        )
    if optimizer is None:
        optimizer = torch.optim.SGD(model.parameters(), lr=lr)
    run = f"fit{f' ({desc})' if desc else ''} with lam={lam:g}, seed={seed}"

    device = next(model.parameters()).device
    X, y = X.to(device), y.to(device)
    val = None if val is None else (val[0].to(device), val[1].to(device))
    generator = torch.Generator().manual_seed(seed)
    cost_kwargs = dict(penalty=penalty, lam=lam, n=len(X))

    history = History()
    bar = tqdm(range(1, epochs + 1), desc=desc, disable=not progress, unit="epoch")
    for epoch in bar:
        cost = train_one_epoch(
            model, optimizer, X, y, batch_size=batch_size, generator=generator, **cost_kwargs
        )
        try:
            if not (math.isfinite(cost) and all(p.isfinite().all() for p in model.parameters())):
                raise DivergedError("the cost or the weights are not finite")
            train_loss, train_acc = _evaluate(model, X, y)
            if val is not None:
                val_loss, val_acc = _evaluate(model, *val)
        except DivergedError:  # the cost, the weights or the outputs are NaN or inf
            bar.close()
            raise diverged(run, epoch, optimizer.param_groups[0].get("lr")) from None
        history.epochs.append(epoch)
        history.train_loss.append(train_loss)
        history.train_acc.append(train_acc)
        postfix = {"train_acc": f"{train_acc:.3f}"}
        if val is not None:
            history.val_loss.append(val_loss)
            history.val_acc.append(val_acc)
            postfix["val_acc"] = f"{val_acc:.3f}"
        for name, norm in weight_norms(model).items():
            history.weight_norms.setdefault(name, []).append(norm)
        bar.set_postfix(postfix, refresh=False)
    bar.close()
    return history


def _layer_sizes(model: nn.Module) -> tuple[int | None, int | None]:
    """The model's input and output widths: its first and last ``Linear`` (None if none)."""
    linears = [m for m in model.modules() if isinstance(m, nn.Linear)]
    return (linears[0].in_features, linears[-1].out_features) if linears else (None, None)
