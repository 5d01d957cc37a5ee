"""Many MLPs at once: every (λ, seed) pair of a sweep trained as one batched model.

Each model of the sweep is exactly the MLP that ``make_mlp`` builds with ``set_seed(seed)``,
trained as ``fit`` trains it when ``fit`` is given ``SGD(lr=lr, momentum=0.9)`` (mini-batches
shuffled by a generator seeded with ``seed``, the penalized batch cost of notebook 2 with
sum_l ||W_l||_F^2 as the penalty, biases unpenalized); only the arithmetic is arranged for
speed, and dropout and early stopping are there to compare L2 with (docs/package.md, "The
batched sweep"; tests/test_sweep.py: equal to ``fit`` to float64 rounding).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

import torch
import torch.nn.functional as F
from tqdm.auto import tqdm

from .models import make_mlp
from .training import DivergedError, diverged
from .validate import Split, check_split


@dataclass
class SweepResult:
    """Per-model results of a sweep; model k was trained with ``lams[k]`` and ``seeds[k]``.

    ``final[split]["loss" | "acc"]`` holds one float per model after the last epoch, for
    each split given (``"train"``, ``"val"``, ``"test"``). With ``record_epochs``,
    ``epochs["train" | "val"]["loss" | "acc"][e][k]`` holds model k's numbers in epoch e+1:
    for "train" the mean over the epoch's examples, each measured before its batch's step
    (on the labels trained on), for "val" measured after the epoch. With ``early_stopping``,
    ``best_epoch[k]`` is model k's epoch of lowest validation loss and ``early[split]`` its
    numbers there.
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
        """Return model k as the ``make_mlp`` network it is (a copy, in eval mode).

        ``early=True``: its weights of the epoch with the lowest validation loss.
        """
        weights, biases = (
            (self.best_weights, self.best_biases) if early else (self.weights, self.biases)
        )
        sizes = [weights[0].shape[1]] + [w.shape[2] for w in weights]
        with torch.random.fork_rng(devices=[]):  # its random initial weights are overwritten
            net = make_mlp(sizes, dtype=weights[0].dtype).to(weights[0].device)
        linears = [m for m in net if isinstance(m, torch.nn.Linear)]
        with torch.no_grad():
            for layer, w, b in zip(linears, weights, biases, strict=True):
                layer.weight.copy_(w[k].T)
                layer.bias.copy_(b[k, 0])
        return net.eval()

    def per_lam(self, split: str, metric: str, *, early: bool = False) -> dict[float, list[float]]:
        """Return ``{λ: [value of each seed]}`` of a final (or early-stopped) metric."""
        values = (self.early if early else self.final)[split][metric]
        out: dict[float, list[float]] = {}
        for lam, value in zip(self.lams, values, strict=True):
            out.setdefault(lam, []).append(value)
        return out

    def per_epoch(self, split: str, metric: str, lam: float) -> list[list[float]]:
        """Return ``[epoch][seed]``: a recorded metric of the models with λ = ``lam``."""
        if not self.epochs:
            raise ValueError("per-epoch numbers need a sweep trained with record_epochs=True")
        models = [k for k, value in enumerate(self.lams) if value == lam]
        if not models:
            raise ValueError(f"λ = {lam} is not in this sweep: {sorted(set(self.lams))}")
        return [[epoch[k] for k in models] for epoch in self.epochs[split][metric]]

    def results(self, *, early: bool = False) -> dict[float, dict[str, list[float]]]:
        """Return ``{λ: {"val_acc": [one value per seed], "test_loss": [...], ...}}``.

        One key ``f"{split}_{metric}"`` per split measured and metric ("acc", "loss"), from
        the final (or, with ``early=True``, the early-stopped) networks.
        """
        source = self.early if early else self.final
        return {
            lam: {
                f"{split}_{metric}": self.per_lam(split, metric, early=early)[lam]
                for split in source
                for metric in ("acc", "loss")
            }
            for lam in dict.fromkeys(self.lams)
        }


@torch.no_grad()
def _evaluate(
    weights: list[torch.Tensor], biases: list[torch.Tensor], X: torch.Tensor, y: torch.Tensor
) -> tuple[list[float], list[float]]:
    """Return per-model (mean loss, accuracy) lists of stacked networks on ``(X, y)``.

    ``weights[l]``: (K, in, out), ``biases[l]``: (K, 1, out), model-major. The first layer
    is one matrix product with the K weight matrices side by side.
    """
    K, n_in, h1 = weights[0].shape
    loss_sum = torch.zeros(K, dtype=X.dtype, device=X.device)
    correct = torch.zeros(K, dtype=torch.long, device=X.device)
    first_w = weights[0].permute(1, 0, 2).reshape(n_in, K * h1)
    first_b = biases[0].permute(1, 0, 2).reshape(1, K * h1)
    for xb, yb in zip(X.split(2048), y.split(2048), strict=True):
        h = torch.addmm(first_b, xb, first_w).reshape(len(xb), K, h1).transpose(0, 1)
        for w, b in zip(weights[1:], biases[1:], strict=True):
            h = torch.baddbmm(b, torch.relu(h), w)
        if not torch.isfinite(h).all():
            bad = sorted({int(k) for k in (~torch.isfinite(h)).nonzero()[:, 0]})
            raise DivergedError(
                f"the outputs of network(s) {bad} of the sweep hold NaN or inf (their weights are "
                "NaN, inf or far too large), so no loss or accuracy is computed from them. Try a "
                "smaller learning rate or λ."
            )
        loss_sum += F.cross_entropy(h.transpose(1, 2), yb.expand(K, -1), reduction="none").sum(1)
        correct += (h.argmax(2) == yb).sum(1)
    return (loss_sum / len(X)).tolist(), [c / len(X) for c in correct.tolist()]


class _Stack:
    """The K = S·L models' parameters in the layout the batched products need.

    Internally the models run seed-major (k' = s·L + l). The first layer of seed s holds its
    L models side by side, ``W_1: (S, in, L·out)``; deeper layers are ``(S·L, in, out)``.
    """

    def __init__(self, sizes, lams, seeds, n, dtype, device):
        self.S, self.L, self.h1 = len(seeds), len(lams), sizes[1]
        models = []
        with torch.random.fork_rng(devices=[]):  # the caller's random state stays as it was
            for seed in seeds:
                torch.manual_seed(seed)  # the initial weights of set_seed(seed) + make_mlp
                models.append(make_mlp(sizes, dtype=dtype))
        linears = [[m for m in model if isinstance(m, torch.nn.Linear)] for model in models]
        # every λ of a seed starts from that seed's weights: L copies each, seed-major
        w = [
            torch.stack([ls[i].weight.detach().T for ls in linears]).repeat_interleave(self.L, 0)
            for i in range(len(sizes) - 1)
        ]
        b = [
            torch.stack([ls[i].bias.detach()[None] for ls in linears]).repeat_interleave(self.L, 0)
            for i in range(len(sizes) - 1)
        ]
        self.weights = [self._side_by_side(w[0]), *w[1:]]
        self.biases = [self._side_by_side(b[0]), *b[1:]]
        for p in (*self.weights, *self.biases):
            p.data = p.data.to(device)
            p.requires_grad_(True)
        # d/dW of lam/(2n)·||W||², as lam/n per model, shaped like each weight's layout
        lam = torch.tensor(lams, dtype=dtype, device=device)
        self.decay_first = lam.repeat_interleave(self.h1)[None, None, :] / n  # (1, 1, L·out)
        self.decay_rest = lam.repeat(self.S)[:, None, None] / n  # (S·L, 1, 1), seed-major
        # model k (λ-major: l·S + s) is internal model s·L + l
        self.internal = [(k % self.S) * self.L + k // self.S for k in range(self.S * self.L)]

    def _side_by_side(self, t: torch.Tensor) -> torch.Tensor:
        """(S·L, r, c) seed-major -> (S, r, L·c): the L models of a seed next to each other."""
        return (
            t.reshape(self.S, self.L, *t.shape[1:])
            .transpose(1, 2)
            .reshape(self.S, t.shape[1], self.L * t.shape[2])
            .contiguous()
        )

    def _one_per_model(self, t: torch.Tensor) -> torch.Tensor:
        """Inverse of ``_side_by_side``: (S, r, L·c) -> (S·L, r, c), seed-major."""
        S, r, _ = t.shape
        return t.reshape(S, r, self.L, -1).transpose(1, 2).reshape(S * self.L, r, -1)

    def forward(self, x: torch.Tensor, dropout: _Dropout | None = None) -> torch.Tensor:
        """Logits (S·L, B, classes), seed-major, for inputs x: (S, B, in)."""
        h = torch.relu(torch.baddbmm(self.biases[0], x, self.weights[0]))  # (S, B, L·out)
        if dropout is not None:
            h = dropout(h)
        h = self._one_per_model(h)
        for i, (w, b) in enumerate(zip(self.weights[1:], self.biases[1:], strict=True)):
            h = torch.baddbmm(b, h, w)
            if i < len(self.weights) - 2:
                h = torch.relu(h)
                if dropout is not None:
                    h = dropout(h)
        return h

    def add_penalty_grad(self) -> None:
        """Add lam/n · W to every weight's gradient: the gradient of lam/(2n)·||W||²."""
        with torch.no_grad():
            self.weights[0].grad.addcmul_(self.decay_first, self.weights[0])
            for w in self.weights[1:]:
                w.grad.addcmul_(self.decay_rest, w)

    def model_major(self) -> tuple[list[torch.Tensor], list[torch.Tensor]]:
        """Detached (K, in, out) weights and (K, 1, out) biases in λ-major model order."""
        with torch.no_grad():
            w = [self._one_per_model(self.weights[0]), *self.weights[1:]]
            b = [self._one_per_model(self.biases[0]), *self.biases[1:]]
            return [t[self.internal].detach() for t in w], [t[self.internal].detach() for t in b]


class _Dropout:
    """Dropout masks for the stacked layout: one CPU generator per seed, the same everywhere.

    Each call zeroes every unit of ``h`` with probability ``p`` and scales the others by
    ``1 / (1 - p)``; ``h`` is (S, B, ·) or (S·L, B, ·), seed-major, and seed s draws its rows
    from its own generator with ``torch.rand`` in float64.
    """

    def __init__(self, p: float, seeds: list[int]) -> None:
        self.p = p
        self.generators = [torch.Generator().manual_seed(seed) for seed in seeds]

    def __call__(self, h: torch.Tensor) -> torch.Tensor:
        per_seed = h.shape[0] // len(self.generators)
        draws = [
            torch.rand((per_seed, *h.shape[1:]), generator=g, dtype=torch.float64)
            for g in self.generators
        ]
        keep = torch.cat(draws) >= self.p
        return h * keep.to(device=h.device, dtype=h.dtype) / (1.0 - self.p)


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

    ``lams`` and ``seeds`` are crossed: λ-major, so model k has ``lams[k // len(seeds)]``
    and ``seeds[k % len(seeds)]``. ``eval_splits`` maps names to ``(X, y)`` splits measured
    after the last epoch; ``"train"`` is always measured. ``record_epochs`` and
    ``early_stopping`` (both need a ``"val"`` split) are described in :class:`SweepResult`;
    ``dropout=p`` zeroes each hidden unit with probability p at every step (masks the same on
    every machine, see :class:`_Dropout`). Shows one progress bar over the epochs
    (``progress=False`` silences it).
    """
    sizes, lams, seeds = list(sizes), [float(lam) for lam in lams], list(seeds)
    if not 0 <= dropout < 1:
        raise ValueError(f"dropout is the probability of zeroing a unit: 0 <= p < 1, got {dropout}")
    splits = {"train": train, **(eval_splits or {})}
    if (record_epochs or early_stopping) and "val" not in splits:
        raise ValueError("record_epochs and early_stopping need eval_splits={'val': (X, y), ...}")
    splits = {name: check_split(split, name, sizes[0], sizes[-1]) for name, split in splits.items()}
    device = torch.device(device)
    splits = {name: (Xs.to(device, dtype), ys.to(device)) for name, (Xs, ys) in splits.items()}
    X, y = splits["train"]
    n = len(X)

    stack = _Stack(sizes, lams, seeds, n, dtype, device)
    optimizer = torch.optim.SGD([*stack.weights, *stack.biases], lr=lr, momentum=0.9)
    generators = [torch.Generator().manual_seed(seed) for seed in seeds]  # one per seed
    masks = _Dropout(dropout, seeds) if dropout > 0 else None
    result = SweepResult([lam for lam in lams for _ in seeds], [s for _ in lams for s in seeds], {})
    best_loss = None
    for epoch in tqdm(range(1, epochs + 1), desc=desc, disable=not progress, unit="epoch"):
        order = torch.stack([torch.randperm(n, generator=g) for g in generators]).to(device)
        loss_sum = torch.zeros(len(result.lams), dtype=dtype, device=device)
        correct = torch.zeros(len(result.lams), dtype=torch.long, device=device)
        for start in range(0, n, batch_size):
            idx = order[:, start : start + batch_size]  # (S, B): one batch per seed
            logits = stack.forward(X[idx], masks)  # (S·L, B, classes)
            targets = y[idx].repeat_interleave(len(lams), 0)
            loss = F.cross_entropy(logits.transpose(1, 2), targets, reduction="none").mean(1)
            optimizer.zero_grad()
            loss.sum().backward()  # model k's gradient: its own mean loss ...
            stack.add_penalty_grad()  # ... + its own lam / n * W
            optimizer.step()
            loss_sum += loss.detach() * idx.shape[1]
            if record_epochs:
                correct += (logits.detach().argmax(2) == targets).sum(1)
        finite = torch.isfinite(loss_sum)[stack.internal]
        weights, biases = stack.model_major()
        for t in weights + biases:
            finite &= torch.isfinite(t).flatten(1).all(1)
        if not finite.all():
            runs = "; ".join(
                f"λ = {result.lams[k]:g}, seed {result.seeds[k]}"
                for k in (~finite).nonzero()[:, 0].tolist()
            )
            raise diverged(f"train_sweep: the network(s) with {runs}", epoch, lr)
        if not (record_epochs or early_stopping):
            continue
        val_loss, val_acc = _evaluate(weights, biases, *splits["val"])
        if record_epochs:
            running = {
                "loss": (loss_sum / n)[stack.internal],
                "acc": (correct.double() / n)[stack.internal],
            }
            for name, numbers in (("train", running), ("val", {"loss": val_loss, "acc": val_acc})):
                record = result.epochs.setdefault(name, {"loss": [], "acc": []})
                for metric in ("loss", "acc"):
                    record[metric].append([float(v) for v in numbers[metric]])
        if early_stopping:  # keep each model's weights of its lowest validation loss so far
            if best_loss is None:
                best_loss = torch.full((len(val_loss),), math.inf, dtype=torch.float64)
                result.best_weights = [torch.empty_like(w) for w in weights]
                result.best_biases = [torch.empty_like(b) for b in biases]
                result.best_epoch = [0] * len(val_loss)
            better = torch.tensor(val_loss, dtype=torch.float64) < best_loss
            best_loss = torch.where(better, torch.tensor(val_loss, dtype=torch.float64), best_loss)
            for k in torch.nonzero(better).flatten().tolist():
                result.best_epoch[k] = epoch
            for kept, now in zip(
                result.best_weights + result.best_biases, weights + biases, strict=True
            ):
                kept[better.to(kept.device)] = now[better.to(now.device)]
    result.weights, result.biases = stack.model_major()
    for name, split in splits.items():
        loss_k, acc_k = _evaluate(result.weights, result.biases, *split)
        result.final[name] = {"loss": loss_k, "acc": acc_k}
        if early_stopping:
            loss_k, acc_k = _evaluate(result.best_weights, result.best_biases, *split)
            result.early[name] = {"loss": loss_k, "acc": acc_k}
    return result
