"""Every (λ, seed) pair of a sweep trained at once, each exactly as ``fit`` trains it with
``SGD(lr, momentum=0.9)`` and the penalty Σ_l ||W_l||_F², biases unpenalized (tests/test_sweep.py).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import torch
import torch.nn.functional as F
from tqdm.auto import tqdm

from .models import make_mlp
from .training import diverged, outputs_not_finite
from .validate import Split, check_split


@dataclass
class SweepResult:
    """Per-model results; model k was trained with ``lams[k]`` and ``seeds[k]``.

    ``final[split][metric][k]`` after the last epoch; ``epochs[split][metric][e][k]`` in epoch
    e+1 ("train": a per-example mean, each measured before its batch's step; "val": after the
    epoch); ``best_epoch[k]`` (lowest validation loss) and ``early[split]`` its numbers.
    """

    lams: list[float]
    seeds: list[int]
    final: dict[str, dict[str, list[float]]]
    epochs: dict[str, dict[str, list[list[float]]]] = field(default_factory=dict)
    weights: list[torch.Tensor] = field(default_factory=list)  # stacked W_l, (K, in, out)
    biases: list[torch.Tensor] = field(default_factory=list)  # stacked b_l, (K, 1, out)
    best_epoch: list[int] = field(default_factory=list)
    early: dict[str, dict[str, list[float]]] = field(default_factory=dict)
    best_weights: list[torch.Tensor] = field(default_factory=list)
    best_biases: list[torch.Tensor] = field(default_factory=list)

    def model(self, k: int, *, early: bool = False) -> torch.nn.Sequential:
        """Return model k as a ``make_mlp`` network in eval mode (``early``: early-stopped)."""
        weights, biases = (
            (self.best_weights, self.best_biases) if early else (self.weights, self.biases)
        )
        sizes = [weights[0].shape[1]] + [w.shape[2] for w in weights]
        net = _mlp(sizes, weights[0].dtype).to(weights[0].device)  # its weights are overwritten
        with torch.no_grad():
            for layer, w, b in zip(_linears(net), weights, biases, strict=True):
                layer.weight.copy_(w[k].T)
                layer.bias.copy_(b[k, 0])
        return net.eval()

    def models(self, lam: float, *, early: bool = False) -> list[torch.nn.Sequential]:
        """Return the networks trained with λ = ``lam``, one per seed in the order of ``seeds``."""
        return [self.model(k, early=early) for k in self._with(lam)]

    def weight_norms(self, lam: float) -> list[float]:
        """Return ‖W‖ = sqrt(Σ_l ‖W_l‖²_F) of each network trained with λ = ``lam``, per seed."""
        return [sum((w[k] ** 2).sum() for w in self.weights).sqrt().item() for k in self._with(lam)]

    def _with(self, lam: float) -> list[int]:
        models = [k for k, value in enumerate(self.lams) if value == lam]
        if not models:
            raise ValueError(f"λ = {lam} is not in this sweep: {sorted(set(self.lams))}")
        return models

    def per_epoch(self, split: str, metric: str, lam: float) -> list[list[float]]:
        """Return ``[epoch][seed]``: a recorded metric of the models with λ = ``lam``."""
        if not self.epochs:
            raise ValueError("per-epoch numbers need a sweep trained with record_epochs=True")
        models = self._with(lam)
        return [[epoch[k] for k in models] for epoch in self.epochs[split][metric]]

    def results(self, *, early: bool = False) -> dict[float, dict[str, list[float]]]:
        """Return ``{λ: {"val_acc": [one value per seed], "test_loss": [...], ...}}``, a key per
        split measured and metric, of the final (or, ``early=True``, early-stopped) networks."""
        out: dict[float, dict[str, list[float]]] = {lam: {} for lam in self.lams}
        for split, metrics in (self.early if early else self.final).items():
            for metric in ("acc", "loss"):
                for lam, value in zip(self.lams, metrics[metric], strict=True):
                    out[lam].setdefault(f"{split}_{metric}", []).append(value)
        return out


def _mlp(sizes: list[int], dtype: torch.dtype, seed: int | None = None) -> torch.nn.Sequential:
    """``make_mlp(sizes)`` drawn as after ``set_seed(seed)`` (if given); torch's state kept."""
    with torch.random.fork_rng(devices=[]):
        if seed is not None:
            torch.manual_seed(seed)
        return make_mlp(sizes, dtype=dtype)


def _linears(net: torch.nn.Module) -> list[torch.nn.Linear]:
    return [m for m in net if isinstance(m, torch.nn.Linear)]


def _split(t: torch.Tensor, models: int) -> torch.Tensor:
    """(S, r, L·c), each seed's L models side by side -> (L·S, r, c), model l·S + s."""
    S, r, _ = t.shape
    return t.reshape(S, r, models // S, -1).permute(2, 0, 1, 3).reshape(models, r, -1)


def _join(t: torch.Tensor, S: int) -> torch.Tensor:
    """The inverse of ``_split``: (L·S, r, c) -> (S, r, L·c)."""
    return t.reshape(-1, S, *t.shape[1:]).permute(1, 2, 0, 3).reshape(S, t.shape[1], -1)


def _unstack(stacked: list[torch.Tensor], models: int) -> list[torch.Tensor]:
    """The stacked layers as (K, r, c) tensors, one slice per model (detached)."""
    return [_split(stacked[0].detach(), models), *(t.detach() for t in stacked[1:])]


def _forward(weights, biases, x, models, dropout=None) -> torch.Tensor:
    """Logits (K, B, classes) for x: (S, B, in); weights[0]: (S, in, L·out), others model-major."""
    h = _split(torch.baddbmm(biases[0], x, weights[0]), models)
    for w, b in zip(weights[1:], biases[1:], strict=True):
        h = torch.relu(h)
        if dropout is not None:
            h = dropout(h)
        h = torch.baddbmm(b, h, w)
    return h


@torch.no_grad()
def _evaluate(weights, biases, X, y) -> dict[str, list[float]]:
    """Per-model mean loss and accuracy of (K, in, out) weights, (K, 1, out) biases on (X, y)."""
    K = len(weights[0])
    weights, biases = [_join(weights[0], 1), *weights[1:]], [_join(biases[0], 1), *biases[1:]]
    loss_sum = torch.zeros(K, dtype=X.dtype, device=X.device)
    correct = torch.zeros(K, dtype=torch.long, device=X.device)
    for xb, yb in zip(X.split(2048), y.split(2048), strict=True):
        h = _forward(weights, biases, xb[None], K)
        if not torch.isfinite(h).all():
            bad = (~h.isfinite()).flatten(1).any(1).nonzero().flatten().tolist()
            raise outputs_not_finite(f"train_sweep: the outputs of network(s) {bad}")
        loss_sum += F.cross_entropy(h.transpose(1, 2), yb.expand(K, -1), reduction="none").sum(1)
        correct += (h.argmax(2) == yb).sum(1)
    return {"loss": (loss_sum / len(X)).tolist(), "acc": [c / len(X) for c in correct.tolist()]}


def _dropout(p: float, seeds: list[int]) -> Callable[[torch.Tensor], torch.Tensor]:
    """Dropout with masks from ``torch.rand`` in float64 on a CPU generator per seed (the same on
    every machine): each unit of h: (K, B, ·) zeroed with probability p, the others scaled by
    1 / (1 - p); seed s draws the rows of its L models (l·S + s) as one (L, B, ·) block."""
    generators = [torch.Generator().manual_seed(seed) for seed in seeds]

    def drop(h: torch.Tensor) -> torch.Tensor:
        shape = (len(h) // len(seeds), *h.shape[1:])
        draws = [torch.rand(shape, generator=g, dtype=torch.float64) for g in generators]
        keep = torch.stack(draws, 1).reshape(h.shape) >= p
        return h * keep.to(device=h.device, dtype=h.dtype) / (1.0 - p)

    return drop


def train_sweep(
    sizes: Sequence[int],
    train: Split,
    *,
    lams: Sequence[float],
    seeds: Sequence[int],
    eval_splits: dict[str, Split] | None = None,
    epochs: int = 10,
    batch_size: int = 64,
    lr: float = 0.05,
    dropout: float = 0.0,
    dtype: torch.dtype = torch.float64,
    device: torch.device | str = "cpu",
    record_epochs: bool = False,
    early_stopping: bool = False,
    progress: bool = True,
    desc: str | None = None,
) -> SweepResult:
    """Train one MLP per (λ, seed) pair, all at once; return their results.

    ``lams`` × ``seeds``, λ-major: model k has ``lams[k // len(seeds)]``, ``seeds[k % len(seeds)]``.
    ``eval_splits`` ({name: (X, y)}) are measured after the last epoch, as "train" is;
    ``record_epochs`` and ``early_stopping`` (both need a "val" split): see :class:`SweepResult`;
    ``dropout=p``: see ``_dropout``. One progress bar (``progress=False`` silences it).
    """
    if not 0 <= dropout < 1:
        raise ValueError(f"dropout is the probability of zeroing a unit: 0 <= p < 1, got {dropout}")
    splits = {"train": train, **(eval_splits or {})}
    if (record_epochs or early_stopping) and "val" not in splits:
        raise ValueError("record_epochs and early_stopping need eval_splits={'val': (X, y), ...}")
    sizes, seeds, S = list(sizes), list(seeds), len(seeds)
    splits = {name: check_split(split, name, sizes[0], sizes[-1]) for name, split in splits.items()}
    splits = {name: (Xs.to(device, dtype), ys.to(device)) for name, (Xs, ys) in splits.items()}
    X, y = splits["train"]
    result = SweepResult([float(lam) for lam in lams for _ in seeds], seeds * len(lams), {})
    K, n = len(result.lams), len(X)

    # model k = l·S + s starts from seed s's weights; the first layers side by side per seed
    nets = [_linears(_mlp(sizes, dtype, seed)) for seed in seeds]
    depth = len(nets[0])
    weights = [torch.stack([nets[k % S][i].weight.T for k in range(K)]) for i in range(depth)]
    biases = [torch.stack([nets[k % S][i].bias[None] for k in range(K)]) for i in range(depth)]
    weights[0], biases[0] = _join(weights[0], S), _join(biases[0], S)
    weights, biases = (
        [t.detach().to(device).requires_grad_() for t in ts] for ts in (weights, biases)
    )
    # the penalty's gradient factor per model (our convention, notebook 1), shaped like each
    # weight's layout
    lam = torch.tensor(result.lams, dtype=dtype, device=device)[:, None, None] / n
    decays = [_join(lam.expand(K, 1, sizes[1]), S)] + [lam] * (depth - 1)
    optimizer = torch.optim.SGD([*weights, *biases], lr=lr, momentum=0.9)
    generators = [torch.Generator().manual_seed(seed) for seed in seeds]  # one per seed
    masks = _dropout(dropout, seeds) if dropout > 0 else None
    best_loss = torch.full((K,), math.inf, dtype=torch.float64)
    best_epoch, best = torch.zeros(K, dtype=torch.long), []
    for epoch in tqdm(range(1, epochs + 1), desc=desc, disable=not progress, unit="epoch"):
        order = torch.stack([torch.randperm(n, generator=g) for g in generators]).to(device)
        loss_sum = torch.zeros(K, dtype=dtype, device=device)
        correct = torch.zeros(K, dtype=torch.long, device=device)
        for start in range(0, n, batch_size):
            idx = order[:, start : start + batch_size]  # (S, B): one batch per seed
            logits = _forward(weights, biases, X[idx], K, masks)  # (K, B, classes)
            targets = y[idx].repeat(K // S, 1)
            loss = F.cross_entropy(logits.transpose(1, 2), targets, reduction="none").mean(1)
            optimizer.zero_grad()
            loss.sum().backward()  # model k's gradient: its own mean loss ...
            with torch.no_grad():  # ... + its own penalty's gradient
                for w, decay in zip(weights, decays, strict=True):
                    w.grad.addcmul_(decay, w)
            optimizer.step()
            loss_sum += loss.detach() * idx.shape[1]
            if record_epochs:
                correct += (logits.detach().argmax(2) == targets).sum(1)
        now = _unstack(weights, K) + _unstack(biases, K)
        finite = [loss_sum.isfinite(), *(t.isfinite().flatten(1).all(1) for t in now)]
        finite = torch.stack(finite).all(0)
        if not finite.all():
            runs = "; ".join(
                f"λ = {result.lams[k]:g}, seed {result.seeds[k]}"
                for k in (~finite).nonzero()[:, 0].tolist()
            )
            raise diverged(f"train_sweep: the network(s) with {runs}", epoch, lr)
        if not (record_epochs or early_stopping):
            continue
        val = _evaluate(now[:depth], now[depth:], *splits["val"])
        if record_epochs:
            numbers = {"train": {"loss": loss_sum / n, "acc": correct.double() / n}, "val": val}
            for split, metrics in numbers.items():
                for metric, values in metrics.items():
                    record = result.epochs.setdefault(split, {}).setdefault(metric, [])
                    record.append([float(v) for v in values])
        if early_stopping:  # keep each model's weights of its lowest validation loss so far
            loss = torch.tensor(val["loss"], dtype=torch.float64)
            better, best_loss = loss < best_loss, torch.minimum(loss, best_loss)
            best_epoch[better] = epoch
            result.best_epoch = [int(e) for e in best_epoch]
            mask = better.to(device)[:, None, None]
            best = [torch.where(mask, t, kept) for t, kept in zip(now, best or now, strict=True)]
            result.best_weights, result.best_biases = best[:depth], best[depth:]
    result.weights, result.biases = _unstack(weights, K), _unstack(biases, K)
    for name, split in splits.items():
        result.final[name] = _evaluate(result.weights, result.biases, *split)
        if early_stopping:
            result.early[name] = _evaluate(result.best_weights, result.best_biases, *split)
    return result
