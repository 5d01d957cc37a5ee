"""Time one training epoch: this bundle's data path vs the classic torchvision pipeline.

Both sides train the same MLP (784-256-128-10, SGD, batch 64) on the same bundled
digits with the same training step; only the data path differs:

(a) this bundle: preloaded float32 tensors, a shuffled index per epoch (``train_one_epoch``);
(b) the classic course code: ``torchvision.datasets.MNIST`` (read from IDX files written
    from the same digits) + ``transforms.ToTensor()`` + ``DataLoader(shuffle=True)``.

Run ``python -m l10_utils.bench``; the last line is ``speedup_vs_torchvision_dataloader: <ratio>``
(median epoch time of (b) divided by that of (a)).
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable

import torch
from torch.utils.data import DataLoader
from torchvision import datasets, transforms

from .data import load_mnist, write_mnist_idx
from .models import make_mlp
from .training import set_seed, train_one_epoch, training_step

SIZES = (784, 256, 128, 10)
BATCH_SIZE = 64
LR = 0.1


def _median_times(paths: dict[str, Callable[[], None]], repeats: int) -> dict[str, float]:
    """Return the median seconds of each path's epoch, the paths timed in turn per repeat.

    Taking turns exposes both paths to the same machine load, so a slow spell of a shared
    machine does not land on one side of the ratio only.
    """
    for run_epoch in paths.values():
        run_epoch()  # warm-up: first-call allocations and lazy initialisation
    times: dict[str, list[float]] = {name: [] for name in paths}
    for _ in range(repeats):
        for name, run_epoch in paths.items():
            start = time.perf_counter()
            run_epoch()
            times[name].append(time.perf_counter() - start)
    return {name: statistics.median(t) for name, t in times.items()}


def run(repeats: int = 5, seed: int = 0) -> dict[str, float]:
    """Return median epoch seconds of both data paths and their ratio (classic / ours)."""
    if repeats < 1:
        raise ValueError(f"repeats must be >= 1, got {repeats}")
    X, y = load_mnist(seed=seed).train  # the same digits for both paths
    set_seed(seed)

    model = make_mlp(SIZES)
    optimizer = torch.optim.SGD(model.parameters(), lr=LR)
    generator = torch.Generator().manual_seed(seed)

    def ours() -> None:
        train_one_epoch(model, optimizer, X, y, batch_size=BATCH_SIZE, generator=generator)

    with tempfile.TemporaryDirectory() as root:
        write_mnist_idx(root, X, y, train=True)
        write_mnist_idx(root, X[:1], y[:1], train=False)  # torchvision wants all four files
        dataset = datasets.MNIST(root, train=True, download=False, transform=transforms.ToTensor())
        loader = DataLoader(dataset, batch_size=BATCH_SIZE, shuffle=True, num_workers=0)

        def classic() -> None:
            model.train()
            for images, labels in loader:
                training_step(model, optimizer, images.view(len(images), -1), labels)

        median = _median_times({"ours": ours, "classic": classic}, repeats)
    return {
        "ours_s": median["ours"],
        "classic_s": median["classic"],
        "speedup": median["classic"] / median["ours"],
        "n": len(X),
    }


def main(argv: list[str] | None = None) -> None:
    """Print both median epoch times, then ``speedup_vs_torchvision_dataloader: <ratio>``."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5, help="timed epochs per path (default 5)")
    args = parser.parse_args(argv)
    result = run(repeats=args.repeats)
    print(
        f"digits: {result['n']:,} (bundled train split), MLP {'-'.join(map(str, SIZES))}, "
        f"batch {BATCH_SIZE}, {torch.get_num_threads()} threads, median of {args.repeats}"
    )
    print(f"preloaded tensors (this bundle):           {result['ours_s'] * 1000:8.1f} ms/epoch")
    print(f"torchvision MNIST + ToTensor + DataLoader: {result['classic_s'] * 1000:8.1f} ms/epoch")
    print(f"speedup_vs_torchvision_dataloader: {result['speedup']:.2f}")


if __name__ == "__main__":
    main()
