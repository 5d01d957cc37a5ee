"""Many MLPs at once: every (λ, seed) pair of a sweep trained as one batched model.

Each model of the sweep is exactly the MLP that ``make_mlp`` builds with ``set_seed(seed)``,
trained as ``fit`` trains it (SGD with momentum, mini-batches shuffled by a generator seeded
with ``seed``, cost ``mean loss + lam / (2 * n) * sum_l ||W_l||_F^2``, biases unpenalized),
only the K models' weights are stacked, ``(K, fan_in, fan_out)``, and every layer is one
batched matrix product (``torch.baddbmm``) instead of K small ones. SGD updates each entry
on its own and each model's cost depends only on its own weights, so this is the same
arithmetic as K separate runs, up to the order of summation inside the matrix products
(tests/test_sweep.py: equal to ``fit`` to float64 rounding).
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


def _stacked_mlp(sizes: Sequence[int], seeds: Sequence[int], dtype: torch.dtype, device):
    """Return ``(weights, biases)``: stacked (K, in, out) and (K, 1, out), one model per seed."""
    models = []
    with torch.random.fork_rng(devices=[]):  # the caller's random state stays as it was
        for seed in seeds:
            torch.manual_seed(seed)  # the initial weights of set_seed(seed) + make_mlp
            models.append(make_mlp(sizes, dtype=dtype))
    linears = [[m for m in model if isinstance(m, torch.nn.Linear)] for model in models]
    weights = [
        torch.stack([layers[i].weight.detach().T for layers in linears]).to(device)
        for i in range(len(sizes) - 1)
    ]
    biases = [
        torch.stack([layers[i].bias.detach()[None, :] for layers in linears]).to(device)
        for i in range(len(sizes) - 1)
    ]
    for p in (*weights, *biases):
        p.requires_grad_(True)
    return weights, biases


def _forward(weights, biases, x: torch.Tensor) -> torch.Tensor:
    """Logits (K, B, classes) of the K stacked MLPs for inputs x: (K, B, in) or (B, in)."""
    if x.ndim == 2:
        x = x.expand(len(weights[0]), *x.shape)
    for i, (w, b) in enumerate(zip(weights, biases, strict=True)):
        x = torch.baddbmm(b, x, w)
        if i < len(weights) - 1:
            x = torch.relu(x)
    return x


@torch.no_grad()
def _evaluate(weights, biases, X: torch.Tensor, y: torch.Tensor, chunk: int = 4096):
    """Return per-model (mean loss, accuracy) lists on (X, y)."""
    K = len(weights[0])
    loss_sum = torch.zeros(K, dtype=weights[0].dtype, device=X.device)
    correct = torch.zeros(K, dtype=torch.long, device=X.device)
    for start in range(0, len(X), chunk):
        logits = _forward(weights, biases, X[start : start + chunk])
        yb = y[start : start + chunk]
        loss = F.cross_entropy(logits.transpose(1, 2), yb.expand(K, -1), reduction="none")
        loss_sum += loss.sum(1)
        correct += (logits.argmax(2) == yb).sum(1)
    return (loss_sum / len(X)).tolist(), [c / len(X) for c in correct.tolist()]


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
    weights, biases = _stacked_mlp(sizes, model_seeds, dtype, device)
    # lam / (2n) per model, shaped to broadcast over (K, in, out)
    coef = torch.tensor(model_lams, dtype=dtype, device=device)[:, None, None] / (2 * n)
    optimizer = torch.optim.SGD([*weights, *biases], lr=lr, momentum=momentum)
    generators = [torch.Generator().manual_seed(seed) for seed in model_seeds]

    result = SweepResult(model_lams, model_seeds, final={})
    for _ in tqdm(range(epochs), desc=desc, disable=not progress, unit="epoch"):
        order = torch.stack([torch.randperm(n, generator=g) for g in generators]).to(device)
        for start in range(0, n, batch_size):
            idx = order[:, start : start + batch_size]
            logits = _forward(weights, biases, X[idx])
            loss = F.cross_entropy(logits.transpose(1, 2), y[idx], reduction="none").mean(1)
            penalty = sum((coef * w**2).sum() for w in weights)
            optimizer.zero_grad()
            (loss.sum() + penalty).backward()  # model k's gradient: its own mean loss + L2
            optimizer.step()
        if record_epochs:
            for name, split in splits.items():
                loss_k, acc_k = _evaluate(weights, biases, *split)
                record = result.epochs.setdefault(name, {"loss": [], "acc": []})
                record["loss"].append(loss_k)
                record["acc"].append(acc_k)
            with torch.no_grad():
                norms = sum((w**2).sum((1, 2)) for w in weights).sqrt()
            result.weight_norms.append(norms.tolist())
    for name, split in splits.items():
        loss_k, acc_k = _evaluate(weights, biases, *split)
        result.final[name] = {"loss": loss_k, "acc": acc_k}
    result.weights = [w.detach() for w in weights]
    result.biases = [b.detach() for b in biases]
    return result
