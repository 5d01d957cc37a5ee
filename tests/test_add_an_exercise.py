"""docs/instructors.md, "Add an exercise": its steps, followed in a copy of the repository.

A throwaway exercise, ``squared_norm(t)`` (the L2 penalty of one tensor), is added to
notebook 1 by steps 1 to 4 of the guide and nothing else; then the tests that read the
exercises, the notebooks and the release run in the copy and must pass. The copy's
``l10_utils`` is the one imported there (``PYTHONPATH``, inherited by the notebook kernels).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from notebook_files import ROOT

pytestmark = pytest.mark.notebook_run  # it runs a notebook, and pytest, in the copy

NAME = "squared_norm"
NOTEBOOK = Path("notebooks/solutions/01_penalized_logistic_cost.ipynb")

# Step 1: how the exercise is checked, in notebook 1's module of l10_utils/checks/: its
# cases' arguments, what came back as a list of numbers, and the hint for a mistake no
# stored answer makes; the right numbers come from the solution notebook.
SPEC = """

def _tensor(case: dict) -> tuple:
    values = torch.arange(torch.Size(case["shape"]).numel(), dtype=dtype(case)).sin()
    return (case["scale"] * values.reshape(case["shape"]),)


def _sum(out, args: tuple, where: str) -> list[float]:
    like = torch.zeros((), dtype=args[0].dtype)
    tensor_like(out, like, "squared_norm's result", where, "torch operations on t")
    return [out.item()]


SQUARED_NORM = Exercise(
    "squared_norm",
    "the L2 penalty of one tensor.",
    "a 0-d tensor in t's dtype.",
    inputs=_tensor,
    result=_sum,
    fallback="reread the definition of the squared norm: which entries, and combined how?",
)
"""

# Step 3: the cases (public: in the package; hidden: the grader's) and the stored answers,
# {file: (first line, the body of squared_norm)}.
CASES = {
    "public": [{"shape": [3], "scale": 2.0}, {"shape": [2, 3], "scale": 1.0, "dtype": "float32"},
               {"shape": [4, 5], "scale": 0.5}],
    "hidden": [{"shape": [7], "scale": 3.0},
               {"shape": [3, 2, 2], "scale": 1.5, "dtype": "float32"}],
}  # fmt: skip
ANSWERS = {
    "right_pow.py": ("# expect: pass", "(t**2).sum()"),
    "right_dot.py": ("# expect: pass", "(t * t).sum()"),
    "wrong_norm.py": ("# hint: when t doubles, by what should the penalty grow?", "t.norm()"),
    "wrong_sum.py": ("# hint: what should an entry of -2 add?", "t.sum()"),
    "wrong_abs.py": ("# hint: what should an entry of -2 add?", "t.abs().sum()"),
    "wrong_mean.py": ("# hint: should entries of zero change it?", "(t**2).mean()"),
    "wrong_half.py": ("# hint: the penalty has no factor: the cost adds its own.",
                      "0.5 * (t**2).sum()"),
    "wrong_item.py": ("# expect: must be a tensor of shape ()", "(t**2).sum().item()"),
}  # fmt: skip
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
    """Steps 1 to 3 of the guide: the exercise's spec and checker, the notebook's cells, the
    cases and stored answers."""
    module = repo / "l10_utils" / "checks" / "logistic.py"
    module.write_text(module.read_text() + SPEC)
    package = repo / "l10_utils" / "checks" / "__init__.py"
    text = package.read_text()
    text = text.replace(
        "from .logistic import GRADIENT, KEPT_FRACTION",
        "from .logistic import GRADIENT, KEPT_FRACTION, SQUARED_NORM",
    )
    text = text.replace(
        "check_kept_fraction = checker(KEPT_FRACTION)\n",
        f"check_kept_fraction = checker(KEPT_FRACTION)\ncheck_{NAME} = checker(SQUARED_NORM)\n",
    )
    text = text.replace("DECAY_GROUPS, MEMORIZED, CHOOSE_LAMBDA)", "DECAY_GROUPS, MEMORIZED, "
                        "CHOOSE_LAMBDA, SQUARED_NORM)")  # fmt: skip
    package.write_text(text)

    path = repo / NOTEBOOK
    nb = nbformat.read(path, 4)
    imports = next(c for c in nb.cells if "from l10_utils.checks import" in c.source)
    imports.source = imports.source.replace(
        "from l10_utils.checks import ", f"from l10_utils.checks import check_{NAME}, ", 1
    )
    meta = {"schema_version": 3, "locked": False, "grade": False, "solution": True}
    solution = nbformat.v4.new_code_cell(
        f"def {NAME}(t):\n    ### BEGIN SOLUTION\n    return (t**2).sum()\n    ### END SOLUTION",
        metadata={"nbgrader": {**meta, "grade_id": NAME}},
    )
    check = nbformat.v4.new_code_cell(
        f"check_{NAME}({NAME})",
        metadata={"nbgrader": {**meta, "grade_id": f"check_{NAME}", "locked": True,
                               "grade": True, "solution": False, "points": 1}},
    )  # fmt: skip
    summary = next(k for k, c in enumerate(nb.cells) if c.source.startswith("## Summary"))
    nb.cells[summary:summary] = [solution, check]  # before the summary, its questions and the
    # worked answers
    nbformat.write(nb, path)

    folder = repo / "tests" / "exercises" / NAME
    folder.mkdir()
    (folder / "cases.json").write_text(json.dumps(CASES, indent=1) + "\n")
    for file, (first, body) in ANSWERS.items():
        (folder / file).write_text(f"{first}\ndef {NAME}(t):\n    return {body}\n")
    (folder / "leaks.txt").write_text(LEAKS + "\n")


def test_a_new_exercise_added_as_the_guide_says_passes_the_tests_that_read_exercises(tmp_path):
    repo = copy_of_the_repository(tmp_path / "repo")
    add_the_exercise(repo)
    env = {**os.environ, "PYTHONPATH": str(repo)}

    def run(*command: str) -> None:
        result = subprocess.run(command, cwd=repo, env=env, capture_output=True, text=True)
        assert result.returncode == 0, f"{' '.join(command)}:\n{result.stdout}\n{result.stderr}"

    # Step 4: sort the imports; write the exercise's data and hidden tests; re-run the
    # solution notebook; write the release.
    run(sys.executable, "-m", "ruff", "check", "--fix", "--quiet", ".")
    run(sys.executable, "-m", "tools.exercises")
    run(sys.executable, "-m", "jupyter", "nbconvert", "--to", "notebook", "--execute",
        "--inplace", "--ExecutePreprocessor.record_timing=False", str(NOTEBOOK))  # fmt: skip
    run(sys.executable, "-m", "tools.release")
    # The new exercise is there (the copy's own package), and the suite passes: the fast
    # tests, and those that run the notebook, its release and the exercise's answers.
    run(sys.executable, "-c", f"from l10_utils.checks import check_{NAME}")
    suite = (sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider")
    reading = ["test_checks.py", "test_no_answer_in_release.py", "test_no_answer_to_import.py",
               "test_mistakes_report.py", "test_release.py", "test_packaging.py",
               "site/test_site_sources.py"]  # fmt: skip
    # (the checks' size limit is today's 9 exercises': a tenth adds its spec's lines)
    run(
        *suite, "-m", "not kernel", "-k", "not stay_smaller", *(f"tests/{name}" for name in reading)
    )
    run(*suite, str(NOTEBOOK), "tests/test_notebooks.py")
    run(*suite, "tests/test_release.py", "-k", "01_penalized or up_to_date or nbgrader")
    assert json.loads((repo / "l10_utils/checks/data" / f"{NAME}.json").read_text())["expected"]
    run(*suite, "tests/test_right_answers_in_notebooks.py", "-k", f"{NAME} or every_exercise")
