"""The training loop shared by the notebooks: ``fit``, ``evaluate`` and their checks.

The L2 convention of this bundle: for ``n`` training examples the cost is

    J(w) = mean loss over a mini-batch + lam / (2 * n) * penalty(model)

where ``penalty(model)`` is written in the notebook (for L2: the sum of the squared
entries of every weight matrix). ``n`` is the number of *training examples*, not the
batch size, so each mini-batch cost is an unbiased estimate of the full cost.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field

import torch
import torch.nn.functional as F
from torch import nn
from tqdm.auto import tqdm

from .data import Split
from .models import input_size, output_size, weight_norms
from .validate import require_bool, require_callable, require_int, require_module, require_number

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


def check_split(
    X: torch.Tensor,
    y: torch.Tensor,
    name: str,
    n_features: int | None = None,
    n_classes: int | None = None,
) -> None:
    """Raise ``ValueError`` unless ``(X, y)`` is a usable split, saying what to fix.

    ``X``: a finite floating-point tensor of shape ``(N, features)``, N > 0; ``y``: N int64
    class indices, from 0 to ``n_classes - 1`` when that is given.
    """
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
    if not X.is_floating_point():
        raise ValueError(
            f"{name}: X must hold floating-point numbers, got {X.dtype}: use X.float()"
        )
    bad = ~torch.isfinite(X)
    if bad.any():
        row = int(bad.any(1).nonzero()[0])
        raise ValueError(
            f"{name}: X holds {int(bad.sum())} value(s) that are NaN or inf (the first in row "
            f"{row}); training on them gives NaN. Find them with (~torch.isfinite(X)).any(1) and "
            "remove or fix those rows."
        )
    if y.dtype != torch.int64:
        raise ValueError(
            f"{name}: y must hold int64 class indices (0, 1, 2, ...), got {y.dtype}: use y.long()"
        )
    if y.min() < 0 or (n_classes is not None and y.max() >= n_classes):
        top = f"{n_classes - 1}" if n_classes is not None else "the number of classes - 1"
        raise ValueError(
            f"{name}: y must hold class indices from 0 to {top}, got values from "
            f"{int(y.min())} to {int(y.max())}"
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
    """Return ``cross_entropy(model(xb), yb) + lam / (2 * n) * penalty(model)``."""
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
    batch_size: int = 8192,
) -> tuple[float, float]:
    """Return ``(mean loss, accuracy)`` of ``model`` on ``(X, y)``; accuracy in [0, 1].

    Raises ``DivergedError`` when the model's outputs are not finite.
    """
    device = _model_device(model)
    check_split(X, y, "evaluate", input_size(model), output_size(model))
    require_int(batch_size, "batch_size", minimum=1)
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

    Cost per mini-batch: ``mean loss + lam / (2 * n) * penalty(model)`` with ``n`` the
    number of training examples (the manual L2 route; ``penalty`` is written in the
    notebook). ``optimizer`` defaults to plain ``SGD(model.parameters(), lr=lr)``; pass
    one with ``weight_decay`` for the optimizer route. Data moves once to the model's
    device; mini-batches are shuffled by a generator seeded with ``seed``. Stops with
    ``DivergedError`` at the end of the first epoch whose cost is not finite.
    """
    device = _model_device(model)
    if not isinstance(train, tuple | list) or len(train) != 2:
        raise ValueError(f"train must be a pair (X, y) of tensors, got {type(train).__name__}")
    X, y = train
    check_split(X, y, "train", input_size(model), output_size(model))
    if val is not None:
        if not isinstance(val, tuple | list) or len(val) != 2:
            raise ValueError(f"val must be a pair (X, y) of tensors, got {type(val).__name__}")
        check_split(*val, "val", input_size(model), output_size(model))
    lam = require_number(lam, "lam", minimum=0)
    if lam > 0 and penalty is None:
        raise ValueError(
            f"lam={lam} was given without a penalty function: pass penalty=<your l2 penalty>, "
            "or use the optimizer's weight_decay instead"
        )
    if penalty is not None:
        require_callable(penalty, "penalty")
    require_int(epochs, "epochs", minimum=1)
    require_int(batch_size, "batch_size", minimum=1)
    require_int(seed, "seed")
    require_bool(progress, "progress")
    if optimizer is None:
        optimizer = torch.optim.SGD(model.parameters(), lr=require_number(lr, "lr", above=0))
    elif not isinstance(optimizer, torch.optim.Optimizer):
        raise TypeError(
            f"optimizer must be a torch.optim optimizer, e.g. torch.optim.SGD(model.parameters(), "
            f"lr=0.1), got {type(optimizer).__name__}"
        )
    run = f"fit{f' ({desc})' if desc else ''} with lam={lam:g}, seed={seed}"

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
            train_loss, train_acc = evaluate(model, X, y)
            if val is not None:
                val_loss, val_acc = evaluate(model, *val)
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


def _model_device(model: nn.Module) -> torch.device:
    require_module(model)
    try:
        return next(model.parameters()).device
    except StopIteration:
        raise ValueError("the model has no parameters to train") from None
