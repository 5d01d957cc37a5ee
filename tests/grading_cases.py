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


def submissions() -> list[Submission]:
    """Per graded notebook: the solution (full marks); "A", every other question (the 1st, 3rd,
    ...) a stored wrong answer and the rest right; "B", those questions right and the rest left
    as the release's stub. So each question gets zero once for a wrong answer or the stub, and
    full marks beside a neighbour's zero. In notebook 2's B, the batch cost is not the stub but
    an answer right on the check cell's cases only: the hidden tests alone give it zero."""
    name, code = HIDDEN_ONLY
    cases = []
    for path in GRADED:
        points, right = points_of(path), solution_answers(path)
        questions = list(points)
        odd, even = questions[::2], questions[1::2]
        cases.append((path.stem, "solution", right, points))
        wrong = {q: first_hinted_wrong_answer(q) for q in odd}
        answers = {**right, **{q: wrong_code(w) for q, w in wrong.items()}}
        due = {q: 0.0 if q in odd else points[q] for q in questions}
        label = "A: " + ", ".join(f"{q}/{w.stem}" for q, w in wrong.items())
        cases.append((path.stem, label, answers, due))
        answers = {q: right[q] for q in odd}
        due = {q: points[q] if q in odd else 0.0 for q in questions}
        parts = [f"{q}/stub" for q in even if q != name]
        if name in even:
            answers[name] = code
            parts.append(f"{name}/right on the public cases only")
        cases.append((path.stem, "B: " + ", ".join(parts), answers, due))
    return cases
