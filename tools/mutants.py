"""The unit tests' teeth: ``python -m tools.mutants [NAME ...] [--list] [-- PYTEST_ARGS]``.

Each fault plants one mistake in ``l10_utils`` and is named after it. It is an exact text
replacement, made in a temporary copy of the package (``l10_utils``, ``tests``, ``tools`` and
``pyproject.toml``; the working tree is never modified); its text must be found exactly once,
else the tool stops and names the fault, so that the list keeps in step with the code. The
unit tests that should catch the fault run against the copy (``-m "not kernel" -x -q``, only
the fault's test files), after one run of all those files without any fault, which must
pass. One line per fault: caught (by the first test that failed) or missed. Exit status: 0
if every fault is caught, 1 if one is missed or stops the tests from running, 2 if the
faults or the unfaulted tests are not in order. ``docs/testing.md`` ("Mutation check")
lists the faults and the run's time; ``tests/test_mutants.py`` checks the list quickly.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
COPIED = ("l10_utils", "tests", "tools", "pyproject.toml")
PYTEST = ("-m", "not kernel", "-x", "-q", "-rfE", "-p", "no:cacheprovider")


class FaultNotApplicable(ValueError):
    """A fault's text is not found exactly once in its file: the list is out of step."""


@dataclass(frozen=True)
class Fault:
    """One planted mistake: ``old`` replaced by ``new`` in ``l10_utils/<path>``."""

    name: str
    path: str
    old: str
    new: str
    tests: tuple[str, ...]  # the test files (under tests/) that should catch it

    def apply(self, text: str) -> str:
        """Return ``text`` with the fault planted; ``FaultNotApplicable`` unless found once."""
        found = text.count(self.old)
        if found != 1:
            raise FaultNotApplicable(
                f"fault {self.name!r}: its text is found {found} times in l10_utils/{self.path}, "
                f"not once; update tools/mutants.py: {self.old!r}"
            )
        return text.replace(self.old, self.new)


def _fault(name: str, path: str, old: str, new: str, *tests: str) -> Fault:
    return Fault(name, path, old, new, tuple(f"tests/test_{t}.py" for t in tests))


FAULTS: tuple[Fault, ...] = (
    # training.py: the cost, its n, the seed, the epochs, the optimizer, the checks
    _fault("cost-without-the-half", "training.py",
           "cost = cost + lam / (2 * n) * term", "cost = cost + lam / n * term", "training"),
    _fault("n-is-the-batch-size", "training.py",
           "lam=lam, n=len(X))", "lam=lam, n=batch_size)", "training"),
    _fault("fit-ignores-its-seed", "training.py",
           "kw = dict(generator=torch.Generator().manual_seed(seed)",
           "kw = dict(generator=torch.Generator().manual_seed(0)", "training"),
    _fault("fit-trains-one-epoch-too-few", "training.py",
           "with tqdm(range(1, epochs + 1),", "with tqdm(range(1, epochs),", "training"),
    _fault("fit-ignores-the-optimizer-it-is-given", "training.py",
           "    if optimizer is None:\n        optimizer = torch.optim.SGD(",
           "    if True:\n        optimizer = torch.optim.SGD(", "training"),
    _fault("evaluate-weighs-the-last-batch-as-a-full-one", "training.py",
           "F.cross_entropy(logits, yb).item() * len(xb)",
           "F.cross_entropy(logits, yb).item() * batch_size", "training"),
    _fault("lam-without-a-penalty-accepted", "training.py",
           "if lam > 0 and penalty is None:", "if lam < 0 and penalty is None:", "bad_input"),
    _fault("penalty-without-a-gradient-accepted", "training.py",
           "        if not term.requires_grad:\n", "        if False:\n", "bad_input"),
    _fault("fit-leaves-the-validation-split-unchecked", "training.py",
           'splits["val"] = check_split(val, "val", *sizes)', 'splits["val"] = val', "bad_input"),
    # validate.py: the data check's messages
    _fault("message-names-no-argument", "validate.py",
           'f"{name} must be a pair of tensors', 'f"data must be a pair of tensors', "bad_input"),
    _fault("message-loses-its-fix", "validate.py",
           "got {y.dtype}: use y.long()", "got {y.dtype}", "bad_input"),
    _fault("nan-message-names-the-last-row", "validate.py",
           "row = int(bad.any(1).nonzero()[0])", "row = int(bad.any(1).nonzero()[-1])",
           "bad_input"),
    _fault("label-equal-to-the-class-count-accepted", "validate.py",
           "y.max() >= n_classes", "y.max() > n_classes", "bad_input"),
    # sweep.py: the batched penalty, the seeds, dropout, early stopping
    _fault("sweep-cost-without-the-half", "sweep.py",
           "[:, None, None] / n\n", "[:, None, None] * 2 / n\n", "sweep"),
    _fault("sweep-n-is-the-batch-size", "sweep.py",
           "[:, None, None] / n\n", "[:, None, None] / batch_size\n", "sweep"),
    _fault("sweep-decays-the-biases", "sweep.py",
           "                    w.grad.addcmul_(decay, w)\n",
           "                    w.grad.addcmul_(decay, w)\n"
           "                for b, decay in zip(biases, decays, strict=True):\n"
           "                    b.grad.addcmul_(decay, b)\n", "sweep"),
    _fault("sweep-shuffles-every-seed-alike", "sweep.py",
           "manual_seed(seed) for seed in seeds]  # one per seed",
           "manual_seed(0) for seed in seeds]  # one per seed", "sweep"),
    _fault("dropout-masks-ignore-the-seed", "sweep.py",
           "manual_seed(seed) for seed in seeds]\n\n    def drop",
           "manual_seed(0) for seed in seeds]\n\n    def drop", "sweep"),
    _fault("dropout-without-the-1-over-1-minus-p", "sweep.py",
           "dtype=h.dtype) / (1.0 - p)", "dtype=h.dtype)", "sweep"),
    _fault("dropout-of-1-accepted", "sweep.py",
           "if not 0 <= dropout < 1:", "if not 0 <= dropout <= 1:", "bad_input"),
    _fault("early-stopping-keeps-the-last-epoch", "sweep.py",
           "better, best_loss = loss < best_loss, torch.minimum(loss, best_loss)",
           "better, best_loss = loss == loss, loss", "sweep"),
    _fault("best-epoch-one-too-early", "sweep.py",
           "best_epoch[better] = epoch\n", "best_epoch[better] = epoch - 1\n", "sweep"),
    # verdicts.py: the strict rule, its direction, the seeds it needs
    _fault("beyond-the-spread-when-equal", "verdicts.py",
           "if abs(gap) <= max(spread(values), spread(baseline)):",
           "if abs(gap) < max(spread(values), spread(baseline)):", "verdicts"),
    _fault("verdict-upside-down", "verdicts.py",
           "(gap > 0) == higher_is_better", "(gap > 0) != higher_is_better", "verdicts"),
    _fault("verdict-from-two-seeds", "verdicts.py",
           "MIN_SEEDS = 3\n", "MIN_SEEDS = 2\n", "bad_input"),
    _fault("verdict-with-a-nan-seed", "verdicts.py",
           "if not math.isfinite(v):", "if math.isinf(v):", "bad_input"),
    # data.py: the wrong labels, the splits
    _fault("a-wrong-label-may-be-the-right-one", "data.py",
           "torch.randint(1, 10, (k,)", "torch.randint(0, 10, (k,)", "data"),
    _fault("wrong-labels-drawn-with-replacement", "data.py",
           "idx = torch.randperm(len(y), generator=generator)[:k]",
           "idx = torch.randint(len(y), (k,), generator=generator)", "data"),
    _fault("splits-overlap", "data.py", "            start += size\n", "", "data"),
    _fault("split-ignores-its-seed", "data.py",
           "generator = torch.Generator().manual_seed(seed)\n    parts",
           "generator = torch.Generator().manual_seed(0)\n    parts", "data"),
    # runtime.py and models.py
    _fault("set-seed-ignores-its-seed", "runtime.py",
           "torch.manual_seed(seed)  # also", "torch.manual_seed(0)  # also", "runtime"),
    _fault("get-device-never-cuda", "runtime.py",
           '"cuda" if torch.cuda.is_available() else "cpu"', '"cpu"', "runtime"),
    _fault("relu-on-the-logits", "models.py",
           "        if i < len(sizes) - 1:\n", "        if i < len(sizes):\n", "models"),
    _fault("weight-norms-squared", "models.py",
           "matrix_norm(module.weight.detach()).item()",
           "matrix_norm(module.weight.detach()).item() ** 2", "models"),
)  # fmt: skip


def planted(fault: Fault, root: Path = ROOT) -> str:
    """Return the text of ``fault``'s file under ``root`` with the fault planted."""
    return fault.apply((root / "l10_utils" / fault.path).read_text(encoding="utf-8"))


def check_faults(faults: Sequence[Fault] = FAULTS, root: Path = ROOT) -> None:
    """Raise ``FaultNotApplicable`` naming every fault whose text is not found exactly once."""
    problems = []
    for fault in faults:
        try:
            planted(fault, root)
        except FaultNotApplicable as err:
            problems.append(str(err))
    if problems:
        raise FaultNotApplicable("\n".join(problems))


def first_failure(output: str) -> str | None:
    """The first failed test in pytest's short summary (``FAILED id - ...``), else None."""
    for line in output.splitlines():
        if line.startswith(("FAILED ", "ERROR ")):
            return line.split(" ", 1)[1].split(" - ", 1)[0]
    return None


def _pytest(copy: Path, tests: Sequence[str], extra: Sequence[str]) -> tuple[int, str]:
    """Run pytest on ``tests`` in ``copy``; return its exit status and output."""
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}  # no stale .pyc of a planted file
    command = [sys.executable, "-m", "pytest", *tests, *PYTEST, *extra]
    try:
        run = subprocess.run(
            command, cwd=copy, env=env, capture_output=True, text=True, timeout=600, check=False
        )
    except subprocess.TimeoutExpired:
        return -1, "pytest ran past 600 s (a fault that makes training hang?)"
    return run.returncode, run.stdout + run.stderr


def _copy(into: Path) -> Path:
    """Copy what the unit tests need into ``into``; fail unless they import the copy."""
    for name in COPIED:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, into / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, into / name)
    where = subprocess.run(
        [sys.executable, "-c", "import l10_utils; print(l10_utils.__file__)"],
        cwd=into, capture_output=True, text=True, check=True,
    ).stdout.strip()  # fmt: skip
    if Path(where).resolve() != (into / "l10_utils" / "__init__.py").resolve():
        raise RuntimeError(f"the tests would import {where}, not the copy in {into}")
    return into


def run(faults: Sequence[Fault], extra: Sequence[str] = ()) -> int:
    """Plant each fault in turn in a copy, run its tests, print a line; return the exit status."""
    check_faults(faults)
    start = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="l10-mutants-") as tmp:
        copy = _copy(Path(tmp))
        every_test = sorted({test for fault in faults for test in fault.tests})
        status, output = _pytest(copy, every_test, extra)
        if status != 0:
            print(output, f"\nthe unit tests fail without any fault (status {status}): fix first")
            return 2
        print(f"without a fault: {' '.join(every_test)} pass ({time.perf_counter() - start:.0f} s)")
        missed = 0
        for fault in faults:
            target = copy / "l10_utils" / fault.path
            original = target.read_text(encoding="utf-8")
            target.write_text(fault.apply(original), encoding="utf-8")
            began = time.perf_counter()
            try:
                status, output = _pytest(copy, fault.tests, extra)
            finally:
                target.write_text(original, encoding="utf-8")
            seconds = time.perf_counter() - began
            if status == 1:
                print(f"caught  {fault.name:45} by {first_failure(output)} ({seconds:.1f} s)")
            else:
                missed += 1
                why = "no test failed" if status == 0 else f"pytest exited {status}"
                print(f"MISSED  {fault.name:45} {why}: {' '.join(fault.tests)} ({seconds:.1f} s)")
                if status != 0:
                    print(output[-3000:])
    total = time.perf_counter() - start
    print(f"{len(faults) - missed} of {len(faults)} faults caught in {total:.0f} s")
    return 1 if missed else 0


def main(argv: Sequence[str] | None = None) -> int:
    """The command line: fault names (default: all), ``--list``; after ``--``, pytest's."""
    argv = list(sys.argv[1:] if argv is None else argv)
    extra = argv[argv.index("--") + 1 :] if "--" in argv else []
    argv = argv[: argv.index("--")] if "--" in argv else argv
    parser = argparse.ArgumentParser(prog="python -m tools.mutants", description=__doc__)
    parser.add_argument("names", nargs="*", help="faults to plant (default: all)")
    parser.add_argument("--list", action="store_true", help="list the faults and exit")
    args = parser.parse_args(argv)
    by_name = {fault.name: fault for fault in FAULTS}
    unknown = [name for name in args.names if name not in by_name]
    if unknown:
        parser.error(f"unknown fault(s) {', '.join(unknown)}; --list shows them")
    if args.list:
        for fault in FAULTS:
            print(f"{fault.name:45} l10_utils/{fault.path:12} {' '.join(fault.tests)}")
        return 0
    try:
        return run([by_name[name] for name in args.names] or FAULTS, extra)
    except (FaultNotApplicable, RuntimeError) as err:  # the list or the copy is out of order
        print(err, file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
