"""Time the solution notebooks as a student runs them, alone and beside a busy process.

``python -m tools.bench --notebooks`` (see ``bench.py``) calls :func:`measure` and
:func:`report` here. Each
notebook runs top to bottom in a fresh Jupyter kernel, kernel start included, as
"Restart kernel and run all" does, after one untimed warm-up start (the very first start
reads torch and co. from disk). The *floor* is measured the same way, in the same run:
a notebook that only imports what every notebook needs, so
``bundle_ratio_to_floor = sum of notebook times / (number of notebooks x floor)`` says how
much of a student's wait is the lesson's own work. "What every notebook needs" includes one
import that torch makes late: every notebook builds a ``torch.optim`` optimizer, and the
first optimizer of a process imports ``torch._dynamo`` (``torch._disable_dynamo``), which
costs every notebook the same whatever its lesson. The floor builds one optimizer so that
this import is counted where it belongs (tests/test_bench.py checks that the floor loads no
module a training run does not). The contention pass repeats everything beside one
single-threaded busy process (a stand-in for a browser tab or a second notebook), started
and stopped here; ``slowdown`` is busy time / alone time.

Needs the test tools (nbclient, nbformat, ipykernel): ``pip install -e '.[test]'``.
"""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

FLOOR_SOURCE = """\
import matplotlib.pyplot as plt
import numpy as np
import sklearn.linear_model
import torch
import torch.nn.functional as F

import l10_utils
import l10_utils.checks

# every notebook builds an optimizer; torch imports torch._dynamo at the first one
torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=0.1)
"""
FLOOR = "floor (kernel start + imports)"
# One busy single-threaded process; it also stops by itself when its parent is gone.
BUSY_LOOP = "import os\nparent = os.getppid()\nwhile os.getppid() == parent:\n    pass"


@dataclass
class Timing:
    """Seconds of one notebook, run alone and (if measured) beside a busy process."""

    name: str
    alone: float
    busy: float | None = None

    @property
    def slowdown(self) -> float | None:
        return None if self.busy is None else self.busy / self.alone


def _nbclient():
    try:
        import nbformat
        from nbclient import NotebookClient
    except ImportError:
        raise ImportError(
            "timing notebooks needs nbclient and nbformat: pip install -e '.[test]'"
        ) from None
    return nbformat, NotebookClient


def run_seconds(path: Path | None, timeout: int = 1200) -> float:
    """Return the seconds to start a kernel and run the notebook at ``path`` (None: the floor)."""
    nbformat, NotebookClient = _nbclient()
    if path is None:
        nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(FLOOR_SOURCE)])
        folder = Path.cwd()
    else:
        nb = nbformat.read(path, 4)
        folder = path.resolve().parent  # relative paths in the notebook work as in JupyterLab
    client = NotebookClient(
        nb, timeout=timeout, kernel_name="python3", resources={"metadata": {"path": str(folder)}}
    )
    start = time.perf_counter()
    # The kernel's own log (ipykernel's note on TCP transport) would only clutter the table;
    # a failing cell still raises nbclient's CellExecutionError.
    client.execute(stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def measure(
    paths: list[Path],
    contention: bool = True,
    progress: Callable[[str], None] | None = None,
    rounds: int = 1,
) -> list[Timing]:
    """Return the floor's timing first, then one per notebook; all alone, then all busy.

    Each pass runs ``rounds`` rounds of (floor, every notebook) and keeps each one's fastest
    time: on a shared machine another program can only add time, so the minimum is the least
    disturbed measurement, and interleaving puts the floor and the notebooks under the same
    conditions. ``progress`` (e.g. ``print``) gets one line per run as it finishes.
    """
    if not isinstance(rounds, int) or rounds < 1:
        raise ValueError(f"rounds must be a positive int, got {rounds!r}")
    if not paths:
        raise ValueError(
            "no notebooks to time: run this from the repository root (it looks in "
            "notebooks/solutions/) or pass the notebooks' paths"
        )
    for path in paths:
        if not path.is_file():
            raise FileNotFoundError(f"no notebook at {path.resolve()}")
    say = progress or (lambda line: None)
    targets: list[Path | None] = [None, *paths]
    run_seconds(None)  # warm-up, untimed: the first start reads torch & co. from disk
    names = [FLOOR if path is None else path.stem for path in targets]

    def fastest(label: str) -> list[float]:
        best = [float("inf")] * len(targets)
        for r in range(1, rounds + 1):
            for i, path in enumerate(targets):
                seconds = run_seconds(path)
                best[i] = min(best[i], seconds)
                say(f"{label}, round {r}/{rounds}: {names[i]} {seconds:.1f} s")
        return best

    timings = [Timing(name, alone) for name, alone in zip(names, fastest("alone"), strict=True)]
    if contention:
        busy = subprocess.Popen([sys.executable, "-c", BUSY_LOOP])
        try:
            for timing, seconds in zip(timings, fastest("beside a busy process"), strict=True):
                timing.busy = seconds
        finally:
            busy.kill()
            busy.wait()
    return timings


def bundle_ratio(timings: list[Timing]) -> float:
    """Return the notebooks' total alone time / (number of notebooks x the floor)."""
    floor, notebooks = timings[0], timings[1:]
    return sum(t.alone for t in notebooks) / (len(notebooks) * floor.alone)


def report(timings: list[Timing]) -> list[str]:
    """Return the table's lines; the last is ``bundle_ratio_to_floor: <x>``."""
    floor = timings[0].alone
    lines = [f"{'notebook':34s} {'alone s':>8s} {'x floor':>8s} {'busy s':>8s} {'slowdown':>8s}"]
    for t in timings:
        busy = "" if t.busy is None else f"{t.busy:8.1f} {t.slowdown:8.2f}"
        lines.append(f"{t.name:34s} {t.alone:8.1f} {t.alone / floor:8.2f} {busy}".rstrip())
    notebooks = timings[1:]
    total = sum(t.alone for t in notebooks)
    line = f"{f'all {len(notebooks)} notebooks':34s} {total:8.1f} {total / floor:8.2f}"
    if all(t.busy is not None for t in notebooks):
        busy_total = sum(t.busy for t in notebooks)
        line += f" {busy_total:8.1f} {busy_total / total:8.2f}"
        lines.append(line)
        worst = max(notebooks, key=lambda t: t.slowdown)
        lines.append(f"worst_contention_slowdown: {worst.slowdown:.2f} ({worst.name})")
    else:
        lines.append(line)
    lines.append(f"bundle_ratio_to_floor: {bundle_ratio(timings):.2f}")
    return lines
