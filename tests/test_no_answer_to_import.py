"""No exercise's answer can be imported from the package: no callable of ``l10_utils`` passes
any exercise's checker (issue 26).

Tried, as the student's function, against every checker of the notebooks' exercises: every
public callable of every module of ``l10_utils`` (functions and classes, and what the modules
re-export), every function of ``l10_utils.checks`` (private ones too: a checker's reference must
not be a ready answer), and every row of the conventions table as a function of the
exercise's numbers (``from_bundle(lam, n)`` with a missing argument as None).
"""

from __future__ import annotations

import contextlib
import importlib
import inspect
import io
import pkgutil
import signal

import matplotlib.pyplot as plt
import nbformat
import pytest
import torch
from notebook_files import SOLUTIONS, exercise_cells

import l10_utils
from l10_utils import checks, conventions

EXERCISE_NAMES = sorted(
    {name for path in SOLUTIONS for name, _, _ in exercise_cells(nbformat.read(path, 4))}
)


def _modules():
    yield l10_utils
    for info in pkgutil.walk_packages(l10_utils.__path__, "l10_utils."):
        yield importlib.import_module(info.name)


def _candidates() -> dict[str, object]:
    found: dict[str, object] = {}
    for module in _modules():
        private_too = module.__name__.startswith("l10_utils.checks")
        for name, value in vars(module).items():
            if name.startswith("__") or (name.startswith("_") and not private_too):
                continue
            if inspect.isfunction(value) or inspect.isclass(value) or inspect.isbuiltin(value):
                if getattr(value, "__module__", "").startswith("l10_utils"):
                    found.setdefault(f"{value.__module__}.{value.__qualname__}", value)
    for row in conventions.CONVENTIONS:

        def look_up(*args, row=row):
            return row.from_bundle(*args, *[None] * (2 - len(args)))

        found[f"conventions row {row.name!r}"] = look_up
    return found


CANDIDATES = _candidates()


class _TooLong(Exception):
    pass


@contextlib.contextmanager
def _at_most(seconds: int):
    def stop(*_):
        raise _TooLong

    old = signal.signal(signal.SIGALRM, stop)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


def passes(check, candidate) -> bool:
    """Whether ``check(candidate)`` runs through (quietly, within 20 s): an answer it accepts."""
    threads = torch.get_num_threads()
    try:
        with _at_most(20), contextlib.redirect_stdout(io.StringIO()):
            check(candidate)
    except _TooLong:
        return False
    except BaseException:  # noqa: BLE001 - any failure of the check means "not an answer"
        return False
    finally:
        torch.set_num_threads(threads)
        plt.close("all")
    return True


def test_the_candidates_cover_the_package():
    # the public names of the package, the checkers' helpers and every conventions row
    assert "l10_utils.sweep.train_sweep" in CANDIDATES
    assert any(".checks." in name and "._" in name for name in CANDIDATES)
    assert sum(name.startswith("conventions row") for name in CANDIDATES) == len(
        conventions.CONVENTIONS
    )
    assert len(EXERCISE_NAMES) >= 8


@pytest.mark.parametrize("exercise", EXERCISE_NAMES)
def test_no_callable_of_the_package_passes_the_check(exercise):
    check = getattr(checks, f"check_{exercise}")
    passing = [name for name, candidate in CANDIDATES.items() if passes(check, candidate)]
    assert not passing, f"check_{exercise} accepts what the package offers: {passing}"
