"""No exercise's answer is in what a student can import or read with Jupyter's ``?`` and ``??``.

- The source of every module a student notebook imports, directly or not (what ``??`` shows),
  and the package's data files hold no leak pattern of any exercise (tests/exercises/*/
  leaks.txt), and no expression of the same shape (names aside) as one that a solution or a
  stored right answer returns or assigns.
- No callable of ``l10_utils`` passes any exercise's checker: every public callable of every
  module (functions, classes, what the modules re-export), every function of
  ``l10_utils.checks`` (private ones too) and every row of the conventions table as a function
  of the exercise's numbers.
"""

from __future__ import annotations

import ast
import contextlib
import copy
import importlib
import inspect
import io
import pkgutil
import signal
import warnings

import matplotlib.pyplot as plt
import pytest
import torch
from notebook_files import EXERCISE_NAMES, EXERCISES, ROOT
from test_checks import leak_patterns, solution, solution_source

import l10_utils
from l10_utils import checks, conventions
from tools.line_counts import notebook_modules


def _modules():
    yield l10_utils
    for info in pkgutil.walk_packages(l10_utils.__path__, "l10_utils."):
        yield importlib.import_module(info.name)


# --------------------------------------------------------------------------- what ?? shows


def readable() -> dict[str, str]:
    """{file: text} of what a student can read of the installed package: every module a student
    notebook imports and every data file of the package."""
    found = {str(p.relative_to(ROOT)): p.read_text() for p in notebook_modules(ROOT)}
    for path in sorted((ROOT / "l10_utils").rglob("*")):
        if path.is_file() and path.suffix not in (".py", ".pyc"):
            found[str(path.relative_to(ROOT))] = path.read_text()
    return found


def _shape(node: ast.AST) -> str:
    """The expression with every name made ``_``: its shape, names aside."""

    class Anonymous(ast.NodeTransformer):
        def visit_Name(self, node: ast.Name) -> ast.Name:  # noqa: N802 - the visitor's protocol
            return ast.Name(id="_", ctx=ast.Load())

        def visit_arg(self, node: ast.arg) -> ast.arg:
            return ast.arg(arg="_")

    return ast.dump(Anonymous().visit(copy.deepcopy(node)))


#: The mean and the spread over seeds: pieces of choose_lambda's answer that notebook 2 states
#: and l10_utils.verdicts implements on purpose.
STATED = {_shape(ast.parse(c, mode="eval").body) for c in ("sum(v) / len(v)", "max(v) - min(v)")}


def _size(node: ast.AST) -> int:
    return sum(isinstance(n, ast.expr) for n in ast.walk(node))


def _inlined(function: ast.FunctionDef) -> list[ast.expr]:
    """What ``function`` returns, its straight-line local names replaced by their values."""
    values: dict[str, ast.expr] = {}

    class Inline(ast.NodeTransformer):
        def visit_Name(self, node: ast.Name) -> ast.AST:  # noqa: N802 - the visitor's protocol
            return copy.deepcopy(values.get(node.id, node))

    returned = []
    for statement in function.body:
        if isinstance(statement, ast.Assign) and len(statement.targets) == 1:
            target, value = statement.targets[0], Inline().visit(copy.deepcopy(statement.value))
            if isinstance(target, ast.Name):
                values[target.id] = value
        elif isinstance(statement, ast.Return) and statement.value is not None:
            returned.append(Inline().visit(copy.deepcopy(statement.value)))
    return returned


def answer_shapes(name: str) -> set[str]:
    """The shapes of what the solution and each right answer return (their local names
    inlined) or assign, 7 expression nodes or more (``s / (s + lam / 2)`` has 7; ``n * lam``
    and other small ones are the leak patterns' work)."""
    sources = [solution_source(name)]
    sources += [p.read_text() for p in sorted((EXERCISES / name).glob("right_*.py"))]
    found = []
    for source in sources:
        for node in ast.walk(ast.parse(source)):
            value = getattr(node, "value", None)
            if isinstance(node, ast.Return | ast.Assign | ast.AugAssign) and value is not None:
                found.append(value)
            if isinstance(node, ast.FunctionDef):
                found += _inlined(node)
    return {_shape(value) for value in found if _size(value) >= 7} - STATED


def module_shapes(text: str) -> set[str]:
    return {_shape(node) for node in ast.walk(ast.parse(text)) if isinstance(node, ast.expr)}


READABLE = readable()


def test_what_a_student_reads_of_the_package_is_every_module_a_notebook_imports():
    files = set(READABLE)
    assert "l10_utils/checks/_engine.py" in files and "l10_utils/checks/optim.py" in files
    assert {f"l10_utils/checks/data/{name}.json" for name in EXERCISE_NAMES} <= files


@pytest.mark.parametrize("name", EXERCISE_NAMES)
def test_no_leak_pattern_in_what_a_student_can_read_of_the_package(name):
    found = [f"{file}: {m.group(0)!r}" for file, text in READABLE.items()
             for p in leak_patterns(name) for m in [p.search(text)] if m]  # fmt: skip
    assert not found, f"the answer to {name} can be read with ??:\n" + "\n".join(found)


@pytest.mark.parametrize("name", EXERCISE_NAMES)
def test_no_expression_of_an_answers_shape_in_the_packages_source(name):
    shapes = answer_shapes(name)
    if not shapes:
        pytest.skip(f"{name}'s answer is too small for a shape of its own: leaks.txt covers it")
    found = [file for file, text in READABLE.items()
             if file.endswith(".py") and shapes & module_shapes(text)]  # fmt: skip
    assert not found, f"an expression shaped like {name}'s answer is in {found}"


def test_the_shape_scan_finds_an_answer_written_with_other_names():
    # a copy of a solution's line with other names is found
    planted = "def ratio(eig, strength):\n    return eig / (eig + strength / 2)\n"
    assert answer_shapes("kept_fraction") & module_shapes(planted)


# --------------------------------------------------------------------------- what imports pass


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
    if not hasattr(signal, "SIGALRM"):  # Windows: no alarm, so no time limit to rely on
        pytest.skip("this test needs signal.SIGALRM (a POSIX system) to stop a slow candidate")

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
    """Whether ``check(candidate)`` runs through (quietly, within 20 s): an answer it accepts.

    A check that fails raises an Exception (AssertionError, NotImplementedError, ...); a
    KeyboardInterrupt or SystemExit is not a verdict and goes through. What torch warns about
    a candidate called with arguments it was not written for is not a verdict either."""
    threads = torch.get_num_threads()
    try:
        with _at_most(20), contextlib.redirect_stdout(io.StringIO()), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            check(candidate)
    except (_TooLong, Exception):
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


def test_passes_tells_a_right_answer_from_a_wrong_one():
    assert passes(checks.check_kept_fraction, solution("kept_fraction"))
    assert not passes(checks.check_kept_fraction, lambda s, lam: s)


@pytest.mark.parametrize("exercise", EXERCISE_NAMES)
def test_no_callable_of_the_package_passes_the_check(exercise):
    check = getattr(checks, f"check_{exercise}")
    passing = [name for name, candidate in CANDIDATES.items() if passes(check, candidate)]
    assert not passing, f"check_{exercise} accepts what the package offers: {passing}"
