"""The submissions the grading tests grade, and the scores due: one list for Otter-Grader
(tests/test_otter.py) and nbgrader (tests/test_nbgrader_grading.py).

A submission is (notebook stem, label, {function: the code in its solution cell}, scores due).
A function left out keeps the release's stub.
"""

from __future__ import annotations

from pathlib import Path

import nbformat
from notebook_files import EXERCISES, SOLUTIONS, answer_kind, exercise_cells, solution_code

Submission = tuple[str, str, dict[str, str], dict[str, float]]

# Right on every case of the check cell, wrong on one of the graders' hidden cases only
# (n = 9 is a hidden case of tests/exercises/penalized_batch_cost/cases.json, never public):
# the hidden tests decide the score.
HIDDEN_ONLY = (
    "penalized_batch_cost",
    "def penalized_batch_cost(logits, targets, penalty, lam, n):\n"
    "    return F.cross_entropy(logits, targets) + (n != 9) * lam / (2 * n) * penalty\n",
)


def points_of(path: Path) -> dict[str, float]:
    """{exercise: points} of a solution notebook (its check cells' nbgrader points)."""
    nb = nbformat.read(path, 4)
    return {name: nb.cells[j].metadata["nbgrader"]["points"] for name, _, j in exercise_cells(nb)}


GRADED = [path for path in SOLUTIONS if points_of(path)]


def solution_answers(path: Path) -> dict[str, str]:
    """The solution notebook's own answers, as a student would type them (no markers)."""
    nb = nbformat.read(path, 4)
    return {name: solution_code(nb.cells[i].source) for name, i, _ in exercise_cells(nb)}


def first_hinted_wrong_answer(name: str) -> Path:
    """The first stored wrong answer of an exercise that its check names by a hint."""
    return next(
        p for p in sorted((EXERCISES / name).glob("wrong_*.py")) if answer_kind(p)[0] == "hint"
    )


def wrong_code(path: Path) -> str:
    return path.read_text().partition("\n")[2]


def submissions(every_question_alone: bool = True) -> list[Submission]:
    """Per graded notebook: the solution (full marks), the student release (zero on every
    question) and, with every other question right, a stored wrong answer (zero on its
    question alone): for each question, or for the first only. Then the hidden-only answer."""
    cases = []
    for path in GRADED:
        points, right = points_of(path), solution_answers(path)
        cases.append((path.stem, "solution", right, points))
        cases.append((path.stem, "student release", {}, dict.fromkeys(points, 0.0)))
        for name in list(points)[: None if every_question_alone else 1]:
            wrong = first_hinted_wrong_answer(name)
            answers = {**right, name: wrong_code(wrong)}
            cases.append((path.stem, f"{name}/{wrong.stem}", answers, {**points, name: 0.0}))
    name, code = HIDDEN_ONLY
    (path,) = [p for p in GRADED if name in points_of(p)]
    label = f"{name}/right on the public cases only"
    points = points_of(path)
    cases.append((path.stem, label, {**solution_answers(path), name: code}, {**points, name: 0}))
    return cases
