"""docs/instructors.md, "Add an exercise": its steps, followed in a copy of the repository.

A throwaway exercise, ``sum_of_squares(t)`` (the L2 penalty of one tensor), is added to
notebook 2 by steps 1 to 4 of the guide and nothing else; then the tests that read the
exercises, the notebooks and the release run in the copy and must pass. The copy's
``l10_utils`` is the one imported there (``PYTHONPATH``, inherited by the notebook kernels).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from notebook_files import ROOT

pytestmark = pytest.mark.notebook_run  # it runs a notebook, and pytest, in the copy

NAME = "sum_of_squares"
NOTEBOOK = Path("notebooks/solutions/02_manual_l2_loop.ipynb")

# Step 1: the checker, in notebook 2's module.
CHECKER = '''

def check_sum_of_squares(sum_of_squares: Callable) -> None:
    """Check ``sum_of_squares(t)`` = the sum of the squared entries of ``t``.

    It must return a 0-d tensor.
    """
    name = "sum_of_squares"
    cases = [torch.tensor([3.0, 4.0]), torch.ones(2, 3)]
    with _seeded():
        cases.append(torch.randn(4, 5))
    for t in cases:
        got = _call(sum_of_squares, name, t, case=f"(t of shape {tuple(t.shape)})")
        if not isinstance(got, torch.Tensor) or got.ndim != 0:
            raise AssertionError(f"{name} must return a 0-d tensor (one number); got {got!r}")
        want = (t**2).sum()
        if not _close(got.detach(), want, t.dtype):
            hint = (
                "Likely cause: the square root is taken; that is the norm, not its square."
                if _close(got.detach(), want.sqrt(), t.dtype)
                else "Hint: square every entry, then add them up."
            )
            raise AssertionError(f"{name} returned {got.item():.6g}, not {want.item():.6g}. {hint}")
    _passed(name, len(cases))
'''

# Step 3: (first line, the body of sum_of_squares) of each stored answer.
ANSWERS = {
    "right_pow.py": ("pass", "(t**2).sum()"),
    "right_dot.py": ("pass", "(t * t).sum()"),
    "wrong_norm.py": ("square root", "t.norm()"),
    "wrong_sum.py": ("square every entry", "t.sum()"),
    "wrong_mean.py": ("square every entry", "(t**2).mean()"),
    "wrong_half.py": ("square every entry", "0.5 * (t**2).sum()"),
    "wrong_item.py": ("0-d tensor", "(t**2).sum().item()"),
    "wrong_abs.py": ("square every entry", "t.abs().sum()"),
}
# Step 3 too: how the answer would be written, which no student-visible text may show.
LEAKS = r"\(t\s*\*\*\s*2\)\.sum\(\)|\(t\s*\*\s*t\)\.sum\(\)"


def copy_of_the_repository(to: Path) -> Path:
    """The repository's files (tracked, and new ones git does not ignore) under ``to``."""
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
        cwd=ROOT,
        capture_output=True,
        check=True,
    ).stdout.decode()
    for name in filter(None, listed.split("\0")):
        source = ROOT / name
        if source.is_file():
            (to / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, to / name)
    return to


def add_the_exercise(repo: Path) -> None:
    """Steps 1 to 3 of the guide: the checker, the notebook's cells, the stored answers."""
    module = repo / "l10_utils" / "checks" / "penalty.py"
    module.write_text(module.read_text() + CHECKER)
    package = repo / "l10_utils" / "checks" / "__init__.py"
    text = package.read_text()
    text = text.replace(
        "from .penalty import check_l2_penalty,",
        f"from .penalty import check_{NAME}, check_l2_penalty,",
    )
    text = text.replace("__all__ = [\n", f'__all__ = [\n    "check_{NAME}",\n')
    package.write_text(text)

    path = repo / NOTEBOOK
    nb = nbformat.read(path, 4)
    imports = next(c for c in nb.cells if "from l10_utils.checks import" in c.source)
    imports.source = imports.source.replace(
        "from l10_utils.checks import ", f"from l10_utils.checks import check_{NAME}, ", 1
    )
    meta = {"schema_version": 3, "locked": False, "grade": False, "solution": True}
    solution = nbformat.v4.new_code_cell(
        f"def {NAME}(t):\n"
        '    "Return the sum of the squared entries of t, a 0-d tensor."\n'
        "    ### BEGIN SOLUTION\n"
        "    return (t**2).sum()\n"
        "    ### END SOLUTION",
        metadata={"nbgrader": {**meta, "grade_id": NAME}},
    )
    check = nbformat.v4.new_code_cell(
        f"check_{NAME}({NAME})",
        metadata={
            "nbgrader": {
                **meta,
                "grade_id": f"check_{NAME}",
                "locked": True,
                "grade": True,
                "solution": False,
                "points": 1,
            }
        },
    )
    nb.cells[-2:-2] = [solution, check]  # before the questions and the worked answers
    nbformat.write(nb, path)

    folder = repo / "tests" / "exercises" / NAME
    folder.mkdir()
    for file, (expect, body) in ANSWERS.items():
        (folder / file).write_text(f"# expect: {expect}\ndef {NAME}(t):\n    return {body}\n")
    (folder / "leaks.txt").write_text(LEAKS + "\n")


def test_a_new_exercise_added_as_the_guide_says_passes_the_suite(tmp_path):
    repo = copy_of_the_repository(tmp_path / "repo")
    add_the_exercise(repo)
    env = {**os.environ, "PYTHONPATH": str(repo)}

    def run(*command: str) -> None:
        result = subprocess.run(command, cwd=repo, env=env, capture_output=True, text=True)
        assert result.returncode == 0, f"{' '.join(command)}:\n{result.stdout}\n{result.stderr}"

    # Step 4: sort the imports, re-run the solution notebook, regenerate the release.
    run(sys.executable, "-m", "ruff", "check", "--fix", "--quiet", ".")
    run(
        sys.executable,
        "-m",
        "jupyter",
        "nbconvert",
        "--to",
        "notebook",
        "--execute",
        "--inplace",
        "--ExecutePreprocessor.record_timing=False",
        str(NOTEBOOK),
    )
    run(sys.executable, "-m", "tools.release")
    # The new exercise is there (the copy's own package), and the suite passes: the fast
    # tests, and those that run the notebook, its release and the exercise's answers.
    run(sys.executable, "-c", f"from l10_utils.checks import check_{NAME}")
    suite = (sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider")
    run(*suite, "-m", "not kernel")
    run(*suite, str(NOTEBOOK), "tests/test_notebooks.py")
    run(*suite, "tests/test_release.py", "-k", "02_manual or up_to_date or nbgrader")
    run(*suite, "tests/test_right_answers_in_notebooks.py", "-k", f"{NAME} or every_exercise")
