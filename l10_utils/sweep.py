"""Many MLPs at once: every (λ, seed) pair of a sweep trained as one batched model.

Each model of the sweep is exactly the MLP that ``make_mlp`` builds with ``set_seed(seed)``,
trained as ``fit`` trains it when ``fit`` is given ``SGD(lr=lr, momentum=momentum)`` with the
sweep's lr and momentum (mini-batches shuffled by a generator seeded with ``seed``, cost
``mean loss + lam / (2 * n) * sum_l ||W_l||_F^2``, biases unpenalized).
Only the arithmetic is arranged for speed:

- The L models of one seed see the same mini-batches, so their first layers are one wide
  matrix product ``X_batch @ [W_1 ... W_L]`` per seed instead of L narrow ones; the deeper
  layers are batched products (``torch.baddbmm``), one slice per model.
- The penalty's gradient, ``lam / n * W`` for each weight matrix (d/dW of
  ``lam / (2n) * ||W||^2``), is added to the loss gradient in place rather than through
  autograd, which saves several passes over all the weights at every step.

SGD updates each entry on its own and each model's cost depends only on its own weights, so
this is the same arithmetic as K separate runs, up to the order of summation inside the
matrix products and one fused multiply-add (tests/test_sweep.py: equal to ``fit`` to float64
rounding).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import torch
import torch.nn.functional as F
from tqdm.auto import tqdm

from .models import make_mlp
from .training import Split, check_split

__all__ = ["SweepResult", "train_sweep"]


@dataclass
class SweepResult:
    """Per-model results of a sweep; model k was trained with ``lams[k]`` and ``seeds[k]``.

    ``final[split]["loss" | "acc"]`` holds one float per model after the last epoch, for
    each split given (``"train"``, ``"val"``, ``"test"``). With ``record_epochs``,
    ``epochs[split]["loss" | "acc"][e][k]`` holds the same after epoch e+1, and
    ``weight_norms[e][k]`` is ``sqrt(sum_l ||W_l||_F^2)`` of model k after epoch e+1.
    """

    lams: list[float]
    seeds: list[int]
    final: dict[str, dict[str, list[float]]]
    epochs: dict[str, dict[str, list[list[float]]]] = field(default_factory=dict)
    weight_norms: list[list[float]] = field(default_factory=list)
    weights: list[torch.Tensor] = field(default_factory=list)  # stacked W_l, (K, in, out)
    biases: list[torch.Tensor] = field(default_factory=list)  # stacked b_l, (K, 1, out)

    def model(self, k: int) -> torch.nn.Sequential:
        """Return model k as the ``make_mlp`` network it is (a copy, in eval mode)."""
        if not 0 <= k < len(self.lams):
            raise ValueError(f"k must be in 0..{len(self.lams) - 1}, got {k}")
        sizes = [self.weights[0].shape[1]] + [w.shape[2] for w in self.weights]
        with torch.random.fork_rng(devices=[]):  # its random initial weights are overwritten
            net = make_mlp(sizes, dtype=self.weights[0].dtype).to(self.weights[0].device)
        linears = [m for m in net if isinstance(m, torch.nn.Linear)]
        with torch.no_grad():
            for layer, w, b in zip(linears, self.weights, self.biases, strict=True):
                layer.weight.copy_(w[k].T)
                layer.bias.copy_(b[k, 0])
        return net.eval()

    def per_lam(self, split: str, metric: str) -> dict[float, list[float]]:
        """Return ``{λ: [value of each seed]}`` of a final metric, λ in sweep order."""
        out: dict[float, list[float]] = {}
        for lam, value in zip(self.lams, self.final[split][metric], strict=True):
            out.setdefault(lam, []).append(value)
        return out


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

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """Logits (S·L, B, classes), seed-major, for inputs x: (S, B, in)."""
        h = torch.relu(torch.baddbmm(self.biases[0], x, self.weights[0]))  # (S, B, L·out)
        h = self._one_per_model(h)
        for i, (w, b) in enumerate(zip(self.weights[1:], self.biases[1:], strict=True)):
            h = torch.baddbmm(b, h, w)
            if i < len(self.weights) - 2:
                h = torch.relu(h)
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

    @torch.no_grad()
    def evaluate(self, X: torch.Tensor, y: torch.Tensor, chunk: int = 4096):
        """Return per-model (mean loss, accuracy) lists on (X, y), λ-major."""
        K = self.S * self.L
        loss_sum = torch.zeros(K, dtype=X.dtype, device=X.device)
        correct = torch.zeros(K, dtype=torch.long, device=X.device)
        for start in range(0, len(X), chunk):
            xb, yb = X[start : start + chunk], y[start : start + chunk]
            logits = self.forward(xb.expand(self.S, *xb.shape))
            loss = F.cross_entropy(logits.transpose(1, 2), yb.expand(K, -1), reduction="none")
            loss_sum += loss.sum(1)
            correct += (logits.argmax(2) == yb).sum(1)
        loss_sum, correct = loss_sum[self.internal], correct[self.internal]
        return (loss_sum / len(X)).tolist(), [c / len(X) for c in correct.tolist()]

    @torch.no_grad()
    def weight_norms(self) -> list[float]:
        """sqrt(sum_l ||W_l||_F^2) of each model, λ-major."""
        weights, _ = self.model_major()
        return sum((w**2).sum((1, 2)) for w in weights).sqrt().tolist()


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
    momentum: float = 0.9,
    dtype: torch.dtype = torch.float64,
    device: torch.device | str = "cpu",
    record_epochs: bool = False,
    progress: bool = True,
    desc: str | None = None,
) -> SweepResult:
    """Train one MLP per (λ, seed) pair, all at once; return their results.

    ``lams`` and ``seeds`` are crossed: λ-major, so model k has ``lams[k // len(seeds)]``
    and ``seeds[k % len(seeds)]``. ``eval_splits`` maps names to ``(X, y)`` splits measured
    after the last epoch (and after every epoch with ``record_epochs``); ``"train"`` is
    always measured. Shows one progress bar over the epochs (``progress=False`` silences it).
    """
    X, y = train
    check_split(X, y, "train", sizes[0])
    lams, seeds = [float(lam) for lam in lams], [int(s) for s in seeds]
    if not lams or not seeds:
        raise ValueError("give at least one λ and one seed")
    if any(lam < 0 for lam in lams):
        raise ValueError(f"every λ must be >= 0, got {lams}")
    if not isinstance(epochs, int) or epochs < 1:
        raise ValueError(f"epochs must be a positive int, got {epochs!r}")
    splits = {"train": train, **(eval_splits or {})}
    for name, (Xs, ys) in splits.items():
        check_split(Xs, ys, name, sizes[0])
    device = torch.device(device)
    splits = {name: (Xs.to(device, dtype), ys.to(device)) for name, (Xs, ys) in splits.items()}
    X, y = splits["train"]
    n = len(X)

    model_lams = [lam for lam in lams for _ in seeds]
    model_seeds = [seed for _ in lams for seed in seeds]
    stack = _Stack(sizes, lams, seeds, n, dtype, device)
    optimizer = torch.optim.SGD([*stack.weights, *stack.biases], lr=lr, momentum=momentum)
    generators = [torch.Generator().manual_seed(seed) for seed in seeds]  # one per seed

    result = SweepResult(model_lams, model_seeds, final={})
    for _ in tqdm(range(epochs), desc=desc, disable=not progress, unit="epoch"):
        order = torch.stack([torch.randperm(n, generator=g) for g in generators]).to(device)
        for start in range(0, n, batch_size):
            idx = order[:, start : start + batch_size]  # (S, B): one batch per seed
            logits = stack.forward(X[idx])  # (S·L, B, classes)
            targets = y[idx].repeat_interleave(len(lams), 0)
            loss = F.cross_entropy(logits.transpose(1, 2), targets, reduction="none").mean(1)
            optimizer.zero_grad()
            loss.sum().backward()  # model k's gradient: its own mean loss ...
            stack.add_penalty_grad()  # ... + its own lam / n * W
            optimizer.step()
        if record_epochs:
            for name, split in splits.items():
                loss_k, acc_k = stack.evaluate(*split)
                record = result.epochs.setdefault(name, {"loss": [], "acc": []})
                record["loss"].append(loss_k)
                record["acc"].append(acc_k)
            result.weight_norms.append(stack.weight_norms())
    for name, split in splits.items():
        loss_k, acc_k = stack.evaluate(*split)
        result.final[name] = {"loss": loss_k, "acc": acc_k}
    result.weights, result.biases = stack.model_major()
    return result
