"""nbgrader's route: ``nbgrader autograde`` of real submissions gives the scores due.

The solution notebooks go into an nbgrader course (``docs/nbgrader_config.py``), as
docs/instructors.md says; nbgrader releases them, and two submissions per graded notebook
(A and B of tests/grading_cases.py) are autograded: stored wrong
answers, stubs and right answers side by side, and in notebook 2 an answer right on the
check cell's cases only. Each score must be the one due (zero, or full marks beside a
zero), so nbgrader runs the hidden tests the solution cells carry. Otter-Grader grades
these and the solutions in tests/test_otter.py; this file runs beside it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from grading_cases import submissions
from notebook_files import ROOT

from tools import otter_grading

pytest.importorskip("nbgrader", reason="nbgrader runs where Colab's pins do not rule it out")
pytestmark = pytest.mark.grading


def autograde(course: Path, cases: list) -> list[dict[str, float]]:
    """Autograde each case's answers in an nbgrader course of its own: its scores per case."""
    from nbgrader.api import Gradebook

    (course / "source" / "l10").mkdir(parents=True)
    shutil.copy(ROOT / "docs" / "nbgrader_config.py", course)
    for stem in {case[0] for case in cases}:
        shutil.copy(ROOT / "notebooks" / "solutions" / f"{stem}.ipynb", course / "source" / "l10")
    db = f"sqlite:///{course / 'gradebook.db'}"
    nbgrader = [sys.executable, "-m", "nbgrader"]
    # nbgrader creates its database with the venv's alembic command
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    subprocess.run([*nbgrader, "generate_assignment", "l10", f"--db={db}"], cwd=course, env=env,
                   check=True, capture_output=True)  # fmt: skip
    for k, (stem, _, answers, _) in enumerate(cases):
        released = nbformat.read(course / "release" / "l10" / f"{stem}.ipynb", 4)
        folder = course / "submitted" / f"s{k:03d}" / "l10"
        folder.mkdir(parents=True)
        nbformat.write(otter_grading.with_answers(released, answers), folder / f"{stem}.ipynb")
    subprocess.run([*nbgrader, "autograde", "l10", f"--db={db}"], cwd=course, env=env,
                   check=True, capture_output=True, timeout=3600)  # fmt: skip
    with Gradebook(db) as gb:
        return [
            {
                g.name.removeprefix("check_"): float(g.score)
                for g in gb.find_submission_notebook(stem, "l10", f"s{k:03d}").grades
            }
            for k, (stem, *_) in enumerate(cases)
        ]


def test_nbgraders_autograde_gives_every_submission_its_due_score(tmp_path):
    cases = [case for case in submissions() if case[1] != "solution"]  # A and B
    scores = autograde(tmp_path / "course", cases)
    wrong = [
        f"{stem} {label}: expected {due}, nbgrader gave {got}"
        for (stem, label, _, due), got in zip(cases, scores, strict=True)
        if got != due
    ]
    assert not wrong, "\n".join(wrong)
