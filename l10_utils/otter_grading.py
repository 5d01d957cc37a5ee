"""Grading with Otter-Grader's own runner: one ``otter run`` per submission, many in parallel.

:func:`grade` runs ``otter run -a <autograder zip> <submission>`` (no Docker) in a process of
its own, within a per-submission time limit, and returns the score of each question. Many
submissions are graded at once by :func:`grade_many` with a pool of worker processes, each
kernel on one CPU thread. ``python -m l10_utils.bench --grading N`` plants N submissions
(:func:`plant`) and grades them (see ``bench.py``).

Needs the ``grading`` extra (Otter-Grader).
"""

from __future__ import annotations

import csv
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

EXERCISES = Path("tests") / "exercises"


@dataclass
class Graded:
    """The outcome of one submission: each question's score, or why there is none."""

    scores: dict[str, float]
    status: str = "graded"  # or "timed out", "failed"
    seconds: float = 0.0


def grade(autograder: Path, submission: Path, *, timeout: float = 300.0) -> Graded:
    """Grade one submission notebook with ``otter run``; zeros if it fails or runs too long.

    The questions are read from the autograder zip's test files, so that a submission that
    produces no results still gets a zero for each of them.
    """
    import time
    import zipfile

    with zipfile.ZipFile(autograder) as zf:
        questions = [Path(n).stem for n in zf.namelist() if n.startswith("tests/")]
    start = time.perf_counter()
    with tempfile.TemporaryDirectory() as out:
        env = {**os.environ, "OMP_NUM_THREADS": "1"}  # one thread per kernel
        command = [sys.executable, "-m", "otter", "run", "--no-logo", "-a", str(autograder),
                   "-o", out, str(submission)]  # fmt: skip
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                   env=env, start_new_session=True)  # fmt: skip
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)  # otter and the kernel it started
            process.wait()
            return Graded(dict.fromkeys(questions, 0.0), "timed out", time.perf_counter() - start)
        results = Path(out) / "results.json"
        if not results.is_file():
            return Graded(dict.fromkeys(questions, 0.0), "failed", time.perf_counter() - start)
        tests = json.loads(results.read_text())["tests"]
    scores = dict.fromkeys(questions, 0.0)
    scores.update({t["name"]: float(t["score"]) for t in tests if t["name"] in scores})
    return Graded(scores, "graded", time.perf_counter() - start)


def grade_many(
    jobs: Sequence[tuple[Path, Path]], *, workers: int | None = None, timeout: float = 300.0
) -> list[Graded]:
    """Grade ``(autograder zip, submission)`` pairs with ``workers`` at once (default: cores)."""
    workers = workers or os.cpu_count() or 1
    with ThreadPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(lambda job: grade(*job, timeout=timeout), jobs))


def with_answers(notebook: nbformat.NotebookNode, answers: dict[str, str]) -> nbformat.NotebookNode:
    """Return a copy of an Otter notebook whose answer cells hold ``answers`` (function: code)."""
    nb = nbformat.from_dict(notebook)
    for cell in nb.cells:
        for name, code in answers.items():
            if cell.cell_type == "code" and cell.source.lstrip().startswith(f"def {name}("):
                cell.source = code
    return nb


def stored_answer(path: Path) -> str:
    """The code of a stored answer in tests/exercises (its first line, ``# expect:``, dropped)."""
    return path.read_text().partition("\n")[2]


@dataclass
class Planted:
    """A planted submission: its student, notebook, the answer kind per question, the scores due."""

    student: str
    notebook: str
    kinds: dict[str, str]
    due: dict[str, float]
    path: Path = field(default=Path())


def plant(
    n: int,
    notebooks: dict[str, tuple[Path, nbformat.NotebookNode, dict[str, float]]],
    out: Path,
    root: Path = Path("."),
    seed: int = 0,
) -> list[Planted]:
    """Write ``n`` submissions into ``out``: student k submits the notebooks in turn.

    ``notebooks`` maps a notebook's name to (its autograder zip, its Otter student notebook,
    {question: points}). Each question gets, at random (fixed by ``seed``), a stored right
    answer (due: full points), the student stub (due: 0) or a stored wrong answer (due: 0).
    """
    rng = random.Random(seed)
    names = sorted(notebooks)
    planted = []
    for i in range(n):
        name = names[i % len(names)]
        _, student_nb, points = notebooks[name]
        kinds, answers = {}, {}
        for question in points:
            kind = rng.choices(["right", "stub", "wrong"], weights=[6, 1, 3])[0]
            if kind != "stub":
                files = sorted((root / EXERCISES / question).glob(f"{kind}_*.py"))
                chosen = rng.choice(files)
                answers[question] = stored_answer(chosen)
                kind = f"{kind}:{chosen.stem}"
            kinds[question] = kind
        due = {q: points[q] if kinds[q].startswith("right") else 0.0 for q in points}
        item = Planted(f"student{i // len(names) + 1:03d}", name, kinds, due)
        item.path = out / f"{item.student}-{name}.ipynb"
        nbformat.write(with_answers(student_nb, answers), item.path)
        planted.append(item)
    return planted


def write_gradebook(path: Path, planted: Iterable[Planted], graded: Iterable[Graded]) -> list[str]:
    """Write a Canvas gradebook CSV, one row per student, one column per question; return them.

    Canvas's gradebook import reads the columns ``Student, ID, SIS User ID, Section`` and then
    one column per assignment: here one per question, named after it, holding its points.
    """
    rows: dict[str, dict[str, float]] = {}
    columns: dict[str, None] = {}  # in notebook order
    for item, result in zip(planted, graded, strict=True):
        for question in item.due:
            columns[question] = None
            rows.setdefault(item.student, {})[question] = result.scores[question]
    header = ["Student", "ID", "SIS User ID", "Section", *columns]
    with open(path, "w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(header)
        for student, scores in sorted(rows.items()):
            writer.writerow(
                [student, student, student, "L10", *(scores.get(q, "") for q in columns)]
            )
    return list(columns)


def run_grading(n: int, out: Path, *, workers: int | None = None, root: Path = Path(".")) -> dict:
    """Export the autograders, plant ``n`` submissions, grade them in parallel, check each score.

    Returns the numbers ``bench --grading`` prints: submissions, workers, seconds, the mean
    seconds of one submission per notebook, the mismatches with the planted scores (none
    expected) and the gradebook's path.
    """
    import time

    from .otter_export import export

    out.mkdir(parents=True, exist_ok=True)
    zips = export(out / "otter", root)
    notebooks = {}
    for name, zip_path in zips.items():
        student = nbformat.read(out / "otter" / name / "student" / f"{name}.ipynb", 4)
        solution = nbformat.read(root / "notebooks" / "solutions" / f"{name}.ipynb", 4)
        points = {
            c.metadata["nbgrader"]["grade_id"].removeprefix("check_"): c.metadata["nbgrader"][
                "points"
            ]
            for c in solution.cells
            if c.metadata.get("nbgrader", {}).get("grade")
        }
        notebooks[name] = (zip_path, student, points)
    submissions = out / "submissions"
    submissions.mkdir(exist_ok=True)
    planted = plant(n, notebooks, submissions, root)
    workers = workers or os.cpu_count() or 1
    start = time.perf_counter()
    graded = grade_many([(notebooks[p.notebook][0], p.path) for p in planted], workers=workers)
    seconds = time.perf_counter() - start
    mismatches = [
        f"{p.student} {p.notebook} {q}: planted {p.kinds[q]} (due {p.due[q]}), scored {s}"
        for p, g in zip(planted, graded, strict=True)
        for q, s in g.scores.items()
        if s != p.due[q]
    ]
    per_notebook: dict[str, list[float]] = {}
    for p, g in zip(planted, graded, strict=True):
        per_notebook.setdefault(p.notebook, []).append(g.seconds)
    write_gradebook(out / "gradebook.csv", planted, graded)
    return {
        "submissions": n,
        "workers": workers,
        "seconds": seconds,
        "per_notebook": {k: sum(v) / len(v) for k, v in sorted(per_notebook.items())},
        "mismatches": mismatches,
        "gradebook": out / "gradebook.csv",
    }
