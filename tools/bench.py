"""Time one training epoch: this bundle's data path vs the classic torchvision pipeline.

Both sides train the same MLP (784-256-128-10, SGD, batch 64) on the same bundled
digits with the same training step; only the data path differs:

(a) this bundle: preloaded float32 tensors, a shuffled index per epoch (``train_one_epoch``);
(b) the classic course code: ``torchvision.datasets.MNIST`` (read from IDX files written
    from the same digits) + ``transforms.ToTensor()`` + ``DataLoader(shuffle=True)``.

Run ``python -m tools.bench``; the last line is ``speedup_vs_torchvision_dataloader: <ratio>``
(median epoch time of (b) divided by that of (a)).

``python -m tools.bench --notebooks`` instead times the solution notebooks as a student
runs them, kernel start included, alone and beside a busy process, against the floor
(kernel start + imports); its last line is ``bundle_ratio_to_floor: <x>``
(see ``notebook_timing.py``). The timings in docs/timings.md come from it.

``python -m tools.bench --grading N [--workers W] [--otter DIR]`` plants N submissions of the
graded notebooks (a mix of right, stub and wrong answers), grades them with Otter-Grader's ``otter
run`` in W worker processes (default: the number of cores), checks every score against what
was planted, writes a Canvas gradebook CSV and prints ``submissions_per_minute: <x>`` last
(see ``otter_grading.py``; needs the ``grading`` extra). Beside each notebook's seconds it
prints the peak resident memory of its runs (the largest process: the kernel) and their CPU
seconds. ``--otter DIR`` grades with the autograders ``python -m tools.otter_export DIR`` wrote
(else it writes them first, into ``OUT/otter``).

``python -m tools.bench --gradescope [--python PY ...]`` grades each graded notebook's solution
within Gradescope's default limits (768 MiB, half a CPU, 10 minutes), enforced with a Linux
control group where one can be written (root), and prints per notebook its peak memory, CPU
seconds, wall seconds at half a CPU and whether it fits; the last line is
``gradescope_fits_defaults: <k>/<notebooks> (torch <version>)`` per ``--python``.

``python -m tools.bench --full-size`` trains the course's reference MLP (784-75-45-10,
batch 256, 50 epochs, accuracy after each) on 60,000 synthetic digits through ``fit`` and
through the course's ``DataLoader`` + ``ToTensor`` loop, and prints both times and
``full_size_speedup_vs_dataloader: <ratio>`` last.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import torch
from torch.utils.data import DataLoader
from torchvision import datasets, transforms

from l10_utils.data import load_mnist
from l10_utils.models import make_mlp
from l10_utils.runtime import set_seed
from l10_utils.training import fit, train_one_epoch, training_step
from tools.mnist_idx import write_mnist_idx

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


def _course_loader(root: str, X: torch.Tensor, y: torch.Tensor, batch_size: int) -> DataLoader:
    """The course's data path over (X, y): IDX files written to ``root``, read back by
    ``datasets.MNIST`` with ``ToTensor``, served by a shuffling ``DataLoader``."""
    write_mnist_idx(root, X, y, train=True)
    write_mnist_idx(root, X[:1], y[:1], train=False)  # torchvision wants all four files
    dataset = datasets.MNIST(root, train=True, download=False, transform=transforms.ToTensor())
    return DataLoader(dataset, batch_size=batch_size, shuffle=True, num_workers=0)


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
        loader = _course_loader(root, X, y, BATCH_SIZE)

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


FULL_SIZES = (784, 75, 45, 10)  # the course's reference MLP


def run_full_size(
    n: int = 60_000, epochs: int = 50, batch_size: int = 256, seed: int = 0
) -> dict[str, float]:
    """Return seconds to train the course's MLP on ``n`` synthetic digits both ways, and the ratio.

    Both runs: 784-75-45-10, SGD (lr 0.1), ``batch_size``, ``epochs``, training accuracy
    evaluated after every epoch, on the same ``n`` random 28x28 images with random labels.
    (a) ``l10_utils.fit`` on preloaded tensors; (b) the course's loop:
    ``datasets.MNIST`` (IDX files written from the same images) + ``ToTensor`` +
    ``DataLoader(shuffle=True)``, accuracy computed by a second pass over the loader.
    """
    if n < batch_size or epochs < 1:
        raise ValueError(f"need n >= batch_size and epochs >= 1, got n={n}, epochs={epochs}")
    g = torch.Generator().manual_seed(seed)
    images = torch.randint(0, 256, (n, 784), generator=g, dtype=torch.uint8)
    X, y = images.to(torch.float32) / 255.0, torch.randint(0, 10, (n,), generator=g)

    set_seed(seed)
    start = time.perf_counter()
    fit(make_mlp(FULL_SIZES), (X, y), epochs=epochs, batch_size=batch_size, progress=False)
    ours = time.perf_counter() - start

    with tempfile.TemporaryDirectory() as root:
        loader = _course_loader(root, X, y, batch_size)
        set_seed(seed)
        model = make_mlp(FULL_SIZES)
        optimizer = torch.optim.SGD(model.parameters(), lr=LR)
        start = time.perf_counter()
        for _ in range(epochs):
            model.train()
            for images_b, labels in loader:
                training_step(model, optimizer, images_b.view(len(images_b), -1), labels)
            model.eval()
            with torch.no_grad():  # the course's compute_accuracy: one more pass
                _correct = sum(
                    (model(b.view(len(b), -1)).argmax(1) == t).sum().item() for b, t in loader
                )
        classic = time.perf_counter() - start
    return {"ours_s": ours, "classic_s": classic, "speedup": classic / ours, "n": n,
            "epochs": epochs}  # fmt: skip


MIB = 2**20


def _print_gradescope(pythons: list[str], out: Path) -> None:
    """Grade the solutions as on Gradescope's defaults once per Python; print a table each."""
    from .otter_export import export
    from .otter_grading import (
        GRADESCOPE_CPUS,
        GRADESCOPE_MEMORY,
        confine,
        run_gradescope,
        torch_version,
    )

    with confine(GRADESCOPE_CPUS, GRADESCOPE_MEMORY) as box:
        enforced = box is not None
    how = (
        "a Linux control group sets them (wall: measured under the half-CPU quota, "
        "on this machine's load)"
        if enforced
        else "not enforceable here (no writable control group): no measured wall time"
    )
    print(
        f"Gradescope's defaults: {GRADESCOPE_MEMORY / MIB:.0f} MiB, {GRADESCOPE_CPUS} CPU, "
        f"10 min; {how}; 2xCPU: CPU seconds / 0.5, the least wall time at half a CPU"
    )
    export(out / "otter")
    fits = []
    for python in pythons:
        version = torch_version(python)
        load = os.getloadavg()[0]
        print(f"{python} (torch {version}), {os.cpu_count()} cores, load average {load:.1f}")
        print(
            f"{'notebook':<28}{'peak MiB':>9}{'CPU s':>8}{'2xCPU s':>8}{'wall s':>8}"
            "  within the defaults"
        )
        runs = []
        for r in run_gradescope(out, python, exported=out / "otter"):
            runs.append(r)
            verdict = "fits" if r.fits else "does not fit"
            if r.status != "graded" or not r.full_marks:
                verdict += f" ({r.status}{'' if r.full_marks else ', not full marks'})"
            wall = "-" if r.measured_wall is None else f"{r.measured_wall:.1f}"
            print(
                f"{r.notebook:<28}{r.peak_rss / MIB:>9.0f}{r.cpu_seconds:>8.1f}"
                f"{r.half_cpu_seconds:>8.1f}{wall:>8}  {verdict}",
                flush=True,
            )
        fits.append(f"{sum(r.fits for r in runs)}/{len(runs)} (torch {version})")
    print(f"gradescope_fits_defaults: {', '.join(fits)}")


def main(argv: list[str] | None = None) -> None:
    """Print both median epoch times, then ``speedup_vs_torchvision_dataloader: <ratio>``.

    With ``--notebooks``: print the notebook timings, then ``bundle_ratio_to_floor: <x>``.
    """
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5, help="timed epochs per path (default 5)")
    parser.add_argument(
        "--notebooks",
        nargs="*",
        type=Path,
        metavar="NOTEBOOK",
        help="time notebooks instead (default: notebooks/solutions/*.ipynb)",
    )
    parser.add_argument(
        "--no-contention", action="store_true", help="with --notebooks: skip the busy pass"
    )
    parser.add_argument(
        "--rounds",
        type=int,
        default=3,
        help="with --notebooks: rounds per pass, each time the fastest is kept (default 3)",
    )
    parser.add_argument(
        "--full-size",
        action="store_true",
        help="train the course's 784-75-45-10 MLP on 60,000 synthetic digits both ways instead",
    )
    parser.add_argument("--n", type=int, default=60_000, help="with --full-size: examples")
    parser.add_argument(
        "--grading", type=int, metavar="N", help="grade N planted submissions with otter run"
    )
    parser.add_argument("--workers", type=int, help="with --grading: processes (default: cores)")
    parser.add_argument(
        "--gradescope",
        action="store_true",
        help="grade each notebook's solution within Gradescope's default memory and CPU",
    )
    parser.add_argument(
        "--python",
        action="append",
        metavar="PY",
        help="with --gradescope: the Python that runs Otter and the kernel (repeatable; "
        "default: this one)",
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=Path("build/grading"),
        help="with --grading or --gradescope: output folder",
    )
    parser.add_argument("--epochs", type=int, default=50, help="with --full-size: epochs")
    parser.add_argument("--otter", type=Path, metavar="DIR",
                        help="with --grading: the autograders of otter_export DIR (default: "
                        "write them into OUT/otter)")  # fmt: skip
    args = parser.parse_args(argv)
    if args.grading is not None:
        from .otter_grading import run_grading

        result = run_grading(args.grading, args.out, workers=args.workers, otter=args.otter)
        print(
            f"{result['submissions']} submissions, {result['workers']} workers, "
            f"{result['seconds']:.1f} s; gradebook (Canvas CSV): {result['gradebook']}"
        )
        at_once = result["workers"]
        for name, seconds in result["per_notebook"].items():
            print(
                f"{name}: {seconds:.1f} s per submission (its otter run, {at_once} at once); "
                f"peak {result['peak_rss'][name] / MIB:.0f} MiB resident (largest process), "
                f"{result['cpu_seconds'][name]:.1f} CPU s"
            )
        for line in result["mismatches"]:
            print(f"MISMATCH {line}")
        if result["mismatches"]:
            raise SystemExit(f"{len(result['mismatches'])} scores differ from what was planted")
        print(f"submissions_per_minute: {result['submissions'] / result['seconds'] * 60:.2f}")
        return
    if args.gradescope:
        _print_gradescope(args.python or [sys.executable], args.out)
        return
    if args.full_size:
        result = run_full_size(n=args.n, epochs=args.epochs)
        print(
            f"course MLP {'-'.join(map(str, FULL_SIZES))}, {result['n']:,} synthetic digits, "
            f"batch 256, {result['epochs']} epochs, accuracy after each, "
            f"{torch.get_num_threads()} threads"
        )
        print(f"l10_utils.fit on preloaded tensors:        {result['ours_s']:8.1f} s")
        print(f"torchvision MNIST + ToTensor + DataLoader: {result['classic_s']:8.1f} s")
        print(f"full_size_speedup_vs_dataloader: {result['speedup']:.2f}")
        return
    if args.notebooks is not None:
        from . import notebook_timing

        paths = args.notebooks or sorted(Path("notebooks/solutions").glob("*.ipynb"))
        timings = notebook_timing.measure(
            paths,
            contention=not args.no_contention,
            progress=lambda line: print(line, flush=True),
            rounds=args.rounds,
        )
        print(
            f"{len(paths)} notebooks, each in a fresh kernel (kernel start included), "
            f"{os.cpu_count()} CPU cores; the notebooks' own thread policy (use_threads); "
            f"fastest of {args.rounds} rounds"
        )
        print("\n".join(notebook_timing.report(timings)))
        return
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
