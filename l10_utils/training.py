"""Seeding, device choice and the training loop shared by the notebooks.

The L2 convention of this bundle: for ``n`` training examples the cost is

    J(w) = mean loss over a mini-batch + lam / (2 * n) * penalty(model)

where ``penalty(model)`` is written in the notebook (for L2: the sum of the squared
entries of every weight matrix). ``n`` is the number of *training examples*, not the
batch size, so each mini-batch cost is an unbiased estimate of the full cost.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import torch
import torch.nn.functional as F
from torch import nn
from tqdm.auto import tqdm

from .models import input_size, weight_norms
from .runtime import get_device, set_seed  # noqa: F401 - their home before runtime.py

Split = tuple[torch.Tensor, torch.Tensor]
Penalty = Callable[[nn.Module], torch.Tensor]
LossFn = Callable[[torch.Tensor, torch.Tensor], torch.Tensor]


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


def check_split(X: torch.Tensor, y: torch.Tensor, name: str, n_features: int | None = None) -> None:
    """Raise ``ValueError`` unless ``X`` is ``(N, d)`` and ``y`` holds N labels (N > 0)."""
    if not isinstance(X, torch.Tensor) or not isinstance(y, torch.Tensor):
        raise ValueError(
            f"{name} must be a pair of tensors (X, y), got {type(X).__name__}, {type(y).__name__}"
        )
    if X.ndim != 2:
        raise ValueError(f"{name}: X must have shape (N, features), got {tuple(X.shape)}")
    if len(X) == 0:
        raise ValueError(f"{name} is empty: X has 0 rows")
    if y.ndim != 1 or len(y) != len(X):
        raise ValueError(
            f"{name}: X has {len(X)} rows but y has shape {tuple(y.shape)}; they must match"
        )
    if n_features is not None and X.shape[1] != n_features:
        raise ValueError(
            f"{name}: X has {X.shape[1]} features but the model's first layer expects {n_features}"
        )


def penalized_cost(
    model: nn.Module,
    xb: torch.Tensor,
    yb: torch.Tensor,
    *,
    loss_fn: LossFn = F.cross_entropy,
    penalty: Penalty | None = None,
    lam: float = 0.0,
    n: int = 1,
) -> torch.Tensor:
    """Return ``loss_fn(model(xb), yb) + lam / (2 * n) * penalty(model)``; no penalty if lam = 0."""
    cost = loss_fn(model(xb), yb)
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
    """Train one epoch on preloaded tensors in shuffled mini-batches; return the mean batch cost."""
    model.train()
    order = torch.randperm(len(X), generator=generator).to(X.device)
    total = torch.zeros((), device=X.device)
    for start in range(0, len(X), batch_size):
        idx = order[start : start + batch_size]
        total += training_step(model, optimizer, X[idx], y[idx], **cost_kwargs)
    return total.item() / -(-len(X) // batch_size)


@torch.no_grad()
def evaluate(
    model: nn.Module,
    X: torch.Tensor,
    y: torch.Tensor,
    *,
    loss_fn: LossFn = F.cross_entropy,
    batch_size: int = 8192,
) -> tuple[float, float]:
    """Return ``(mean loss, accuracy)`` of ``model`` on ``(X, y)``; accuracy in [0, 1]."""
    device = _model_device(model)
    check_split(X, y, "evaluate", input_size(model))
    was_training = model.training
    model.eval()
    loss_sum, correct = 0.0, 0
    for start in range(0, len(X), batch_size):
        xb = X[start : start + batch_size].to(device)
        yb = y[start : start + batch_size].to(device)
        logits = model(xb)
        loss_sum += loss_fn(logits, yb).item() * len(xb)
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
    loss_fn: LossFn = F.cross_entropy,
    seed: int = 0,
    progress: bool = True,
    desc: str | None = None,
) -> History:
    """Train ``model`` in place with mini-batch descent; return its per-epoch ``History``.

    Cost per mini-batch: ``mean loss + lam / (2 * n) * penalty(model)`` with ``n`` the
    number of training examples (the manual L2 route; ``penalty`` is written in the
    notebook). ``optimizer`` defaults to plain ``SGD(model.parameters(), lr=lr)``; pass
    one with ``weight_decay`` for the optimizer route. Data moves once to the model's
    device; mini-batches are shuffled by a generator seeded with ``seed``.
    """
    X, y = train
    check_split(X, y, "train", input_size(model))
    if val is not None:
        check_split(*val, "val", input_size(model))
    if lam < 0:
        raise ValueError(f"lam must be >= 0, got {lam}")
    if lam > 0 and penalty is None:
        raise ValueError(
            f"lam={lam} was given without a penalty function: pass penalty=<your l2 penalty>, "
            "or use the optimizer's weight_decay instead"
        )
    if not isinstance(epochs, int) or epochs < 1:
        raise ValueError(f"epochs must be a positive int, got {epochs!r}")
    if not isinstance(batch_size, int) or batch_size < 1:
        raise ValueError(f"batch_size must be a positive int, got {batch_size!r}")
    if optimizer is None:
        optimizer = torch.optim.SGD(model.parameters(), lr=lr)

    device = _model_device(model)
    X, y = X.to(device), y.to(device)
    val = None if val is None else (val[0].to(device), val[1].to(device))
    generator = torch.Generator().manual_seed(seed)
    cost_kwargs = dict(loss_fn=loss_fn, penalty=penalty, lam=lam, n=len(X))

    history = History()
    bar = tqdm(range(1, epochs + 1), desc=desc, disable=not progress, unit="epoch")
    for epoch in bar:
        train_one_epoch(
            model, optimizer, X, y, batch_size=batch_size, generator=generator, **cost_kwargs
        )
        train_loss, train_acc = evaluate(model, X, y, loss_fn=loss_fn)
        history.epochs.append(epoch)
        history.train_loss.append(train_loss)
        history.train_acc.append(train_acc)
        postfix = {"train_acc": f"{train_acc:.3f}"}
        if val is not None:
            val_loss, val_acc = evaluate(model, *val, loss_fn=loss_fn)
            history.val_loss.append(val_loss)
            history.val_acc.append(val_acc)
            postfix["val_acc"] = f"{val_acc:.3f}"
        for name, norm in weight_norms(model).items():
            history.weight_norms.setdefault(name, []).append(norm)
        bar.set_postfix(postfix, refresh=False)
    bar.close()
    return history


def _model_device(model: nn.Module) -> torch.device:
    try:
        return next(model.parameters()).device
    except StopIteration:
        raise ValueError("the model has no parameters to train") from None
