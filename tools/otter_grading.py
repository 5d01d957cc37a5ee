"""Grading with Otter-Grader's own runner: one ``otter run`` per submission, many in parallel.

:func:`grade` runs ``otter run -a <autograder zip> <submission>`` (no Docker) in a process of
its own, within a per-submission time limit, and returns the score of each question. Many
submissions are graded at once by :func:`grade_many` with a pool of worker processes, each
kernel on one CPU thread. ``python -m tools.bench --grading N`` plants N submissions
(:func:`plant`) and grades them (see ``bench.py``).

Needs the ``grading`` extra (Otter-Grader).
"""

from __future__ import annotations

import csv
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import zipfile
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
    notebooks: dict[str, tuple[nbformat.NotebookNode, dict[str, float]]],
    out: Path,
    root: Path = Path("."),
    seed: int = 0,
) -> list[Planted]:
    """Write ``n`` submissions into ``out``: student k submits the notebooks in turn.

    ``notebooks`` maps a notebook's name to (its Otter student notebook, {question: points}).
    Each question gets, at random (fixed by ``seed``), a stored right answer (due: full
    points), the student stub (due: 0) or a stored wrong answer (due: 0).
    """
    rng = random.Random(seed)
    names = sorted(notebooks)
    planted = []
    for i in range(n):
        name = names[i % len(names)]
        student_nb, points = notebooks[name]
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


def autograders(otter_dir: Path) -> dict[str, Path]:
    """Map each notebook of ``release --otter DIR`` to its autograder zip (exactly one each)."""
    found = {}
    for folder in sorted(p for p in Path(otter_dir).iterdir() if p.is_dir()):
        zips = sorted((folder / "autograder").glob(f"{folder.name}-autograder_*.zip"))
        if len(zips) != 1:
            raise ValueError(
                f"{folder / 'autograder'} holds {len(zips)} autograder zips, expected one: "
                "write a fresh folder with python -m tools.release --otter DIR"
            )
        found[folder.name] = zips[0]
    if not found:
        raise ValueError(f"no autograders in {otter_dir}: run python -m tools.release --otter")
    return found


def questions(otter_dir: Path, notebook: str) -> list[str]:
    """The questions of one notebook in notebook order (from its Otter student notebook)."""
    nb = nbformat.read(Path(otter_dir) / notebook / "student" / f"{notebook}.ipynb", 4)
    return [q for cell in nb.cells for q in cell.metadata.get("otter", {}).get("tests", [])]


def gradebook_columns(otter_dir: Path) -> list[str]:
    """Every question of every notebook in ``otter_dir``, in notebook order: the CSV's columns."""
    return [q for name in autograders(otter_dir) for q in questions(otter_dir, name)]


def owner(submission: Path, notebooks: Iterable[str]) -> tuple[str, str]:
    """Split ``<student>-<notebook>.ipynb`` (or ``_``) into (student, notebook)."""
    for name in notebooks:
        student = submission.stem.removesuffix(name).rstrip("-_ .")
        if submission.stem.endswith(name) and student:
            return student, name
    raise ValueError(
        f"{submission}: name each submission <student>-<notebook>.ipynb, the notebook one of "
        f"{', '.join(notebooks)}"
    )


def grade_folder(
    otter_dir: Path, submissions: Sequence[Path], *, workers: int | None = None,
    timeout: float = 300.0,
) -> list[tuple[str, str, Graded]]:  # fmt: skip
    """Grade submissions named ``<student>-<notebook>.ipynb`` with the autograders in ``otter_dir``.

    Returns (student, notebook, outcome) per submission, in the order given.
    """
    zips = autograders(otter_dir)
    owners = [owner(Path(s), zips) for s in submissions]
    jobs = [(zips[notebook], Path(s)) for (_, notebook), s in zip(owners, submissions, strict=True)]
    graded = grade_many(jobs, workers=workers, timeout=timeout)
    return [(st, nb, g) for (st, nb), g in zip(owners, graded, strict=True)]


def write_gradebook(
    path: Path, results: Iterable[tuple[str, str, Graded]], columns: Sequence[str]
) -> None:
    """Write a Canvas gradebook CSV: one row per student, one column per question.

    Canvas's gradebook import reads the columns ``Student, ID, SIS User ID, Section`` and then
    one column per assignment: here one per question (``columns``, in notebook order), holding
    its points; a question whose notebook was not submitted is left empty.
    """
    rows: dict[str, dict[str, float]] = {}
    for student, _, result in results:
        rows.setdefault(student, {}).update(result.scores)
    with open(path, "w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["Student", "ID", "SIS User ID", "Section", *columns])
        for student, scores in sorted(rows.items()):
            marks = [scores.get(q, "") for q in columns]
            writer.writerow([student, student, student, "L10", *marks])


def run_grading(n: int, out: Path, *, workers: int | None = None, root: Path = Path(".")) -> dict:
    """Export the autograders, plant ``n`` submissions, grade them in parallel, check each score.

    Returns the numbers ``bench --grading`` prints: submissions, workers, seconds, the mean
    seconds of one submission per notebook, the mismatches with the planted scores (none
    expected) and the gradebook's path.
    """
    from .otter_export import export, question_points

    out.mkdir(parents=True, exist_ok=True)
    export(out / "otter", root)
    notebooks = {}
    for name in autograders(out / "otter"):
        student = nbformat.read(out / "otter" / name / "student" / f"{name}.ipynb", 4)
        solution = nbformat.read(root / "notebooks" / "solutions" / f"{name}.ipynb", 4)
        notebooks[name] = (student, question_points(solution))
    submissions = out / "submissions"
    shutil.rmtree(submissions, ignore_errors=True)
    submissions.mkdir()
    planted = plant(n, notebooks, submissions, root)
    workers = workers or os.cpu_count() or 1
    start = time.perf_counter()
    results = grade_folder(out / "otter", [p.path for p in planted], workers=workers)
    seconds = time.perf_counter() - start
    mismatches = [
        f"{p.student} {p.notebook} {q}: planted {p.kinds[q]} (due {p.due[q]}), scored {s}"
        for p, (_, _, g) in zip(planted, results, strict=True)
        for q, s in g.scores.items()
        if s != p.due[q]
    ]
    per_notebook: dict[str, list[float]] = {}
    for _, notebook, g in results:
        per_notebook.setdefault(notebook, []).append(g.seconds)
    write_gradebook(out / "gradebook.csv", results, gradebook_columns(out / "otter"))
    return {
        "submissions": n,
        "workers": workers,
        "seconds": seconds,
        "per_notebook": {k: sum(v) / len(v) for k, v in sorted(per_notebook.items())},
        "mismatches": mismatches,
        "gradebook": out / "gradebook.csv",
    }


def main(argv: list[str] | None = None) -> int:
    """``python -m tools.otter_grading OTTER_DIR SUBMISSION...``: grade a class, no Docker."""
    import argparse

    parser = argparse.ArgumentParser(
        description="Grade submissions <student>-<notebook>.ipynb with otter run, in parallel, "
        "into a Canvas gradebook CSV"
    )
    parser.add_argument("otter_dir", type=Path, help="the folder of release --otter DIR")
    parser.add_argument("submissions", type=Path, nargs="+", help="notebooks or folders of them")
    parser.add_argument("--workers", type=int, help="submissions at once (default: cores)")
    parser.add_argument("--timeout", type=float, default=300.0, help="seconds per submission")
    parser.add_argument("--gradebook", type=Path, default=Path("gradebook.csv"))
    args = parser.parse_args(argv)
    files = sorted(
        f for s in args.submissions for f in (sorted(s.glob("*.ipynb")) if s.is_dir() else [s])
    )
    if not files:
        parser.error("no submission notebooks (*.ipynb) found")
    results = grade_folder(args.otter_dir, files, workers=args.workers, timeout=args.timeout)
    for (_, notebook, g), path in zip(results, files, strict=True):
        if g.status != "graded":
            print(f"{path}: {g.status}, zero on each question of {notebook}")
    write_gradebook(args.gradebook, results, gradebook_columns(args.otter_dir))
    print(f"{len(files)} submissions graded; gradebook (Canvas CSV): {args.gradebook}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
