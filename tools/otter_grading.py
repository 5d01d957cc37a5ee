"""Grading with Otter-Grader's own runner: one ``otter run`` per submission, many in parallel.

:func:`grade` runs ``otter run -a <autograder zip> <submission>`` (no Docker) in a process of
its own, within a per-submission time limit, and returns the score of each question, with the
run's peak resident memory and CPU seconds. Many submissions are graded at once by
:func:`grade_many` with a pool of worker processes, each kernel on one CPU thread. ``python -m
tools.bench --grading N`` plants N submissions (:func:`plant`) and grades them;
``python -m tools.bench --gradescope`` grades each notebook's solution within Gradescope's
default limits (:func:`run_gradescope`, :func:`confine`; see ``bench.py``).

Needs the ``grading`` extra (Otter-Grader).
"""

from __future__ import annotations

import csv
import json
import os
import random
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

EXERCISES = Path("tests") / "exercises"
#: Gradescope's autograder defaults: 768 MB of memory (Docker's ``768m``, MiB), half a CPU.
GRADESCOPE_MEMORY = 768 * 2**20
GRADESCOPE_CPUS = 0.5
GRADESCOPE_TIMEOUT = 600.0  # seconds: the default overall timeout


@dataclass
class Graded:
    """The outcome of one submission: each question's score, or why there is none.

    ``peak_rss`` is the largest resident set size (bytes) of ``otter run`` and of every process
    it started and waited for (its kernel): the largest single process, not their sum.
    ``cpu_seconds`` is their user + system CPU time together.
    """

    scores: dict[str, float]
    status: str = "graded"  # or "timed out", "failed", "out of memory"
    seconds: float = 0.0
    peak_rss: int = 0
    cpu_seconds: float = 0.0
    outputs: dict[str, str] = field(default_factory=dict)  # each question's test output


@dataclass
class Measured:
    """A finished process: its exit code, and the peak memory and CPU time of its tree."""

    returncode: int
    timed_out: bool
    peak_rss: int
    cpu_seconds: float


#: The measuring launcher: runs argv[2:] in a session of its own, kills that session past
#: argv[1] seconds, and prints [exit code, timed out, ru_maxrss, CPU seconds] from ``wait4``.
#: It is a small process of its own because a child's ``ru_maxrss`` starts at the resident
#: size of the process that forked it: forked from this (large) process, every measured run
#: would read at least this process's size.
_LAUNCHER = """
import json, os, signal, subprocess, sys, time
timeout = float(sys.argv[1])
child = subprocess.Popen(sys.argv[2:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                         start_new_session=True)
deadline, timed_out = time.monotonic() + timeout, False
while True:
    pid, status, usage = os.wait4(child.pid, os.WNOHANG)
    if pid:
        break
    if time.monotonic() > deadline:
        timed_out = True
        os.killpg(child.pid, signal.SIGKILL)
        _, status, usage = os.wait4(child.pid, 0)
        break
    time.sleep(0.05)
child.returncode = os.waitstatus_to_exitcode(status)
try:
    os.killpg(child.pid, signal.SIGKILL)  # anything the child left behind
except ProcessLookupError:
    pass
print(json.dumps([child.returncode, timed_out, usage.ru_maxrss, usage.ru_utime + usage.ru_stime]))
"""


def run_measured(command: Sequence[str], *, env: dict[str, str] | None = None,
                 timeout: float = 300.0) -> Measured:  # fmt: skip
    """Run ``command`` (output discarded) in a session of its own and measure it with ``wait4``.

    For a reaped child the kernel reports the largest resident set size among the child and
    the descendants it reaped (a kernel started by ``otter run`` is reaped by it), and their
    summed CPU time. Past ``timeout`` seconds the whole session is killed. A small launcher
    process (:data:`_LAUNCHER`) starts the command, so the peak is the command's own.
    """
    launcher = [sys.executable, "-I", "-S", "-c", _LAUNCHER, str(timeout), *command]
    done = subprocess.run(launcher, capture_output=True, text=True, env=env, check=True,
                          timeout=timeout + 60)  # fmt: skip
    returncode, timed_out, maxrss, cpu_seconds = json.loads(done.stdout)
    unit = 1 if sys.platform == "darwin" else 1024  # ru_maxrss: bytes on macOS, KiB on Linux
    return Measured(returncode, timed_out, maxrss * unit, cpu_seconds)


def grade(autograder: Path, submission: Path, *, timeout: float = 300.0,
          python: str = sys.executable, limits: Limits | None = None) -> Graded:  # fmt: skip
    """Grade one submission notebook with ``otter run``; zeros if it fails or runs too long.

    The questions are read from the autograder zip's test files, so that a submission that
    produces no results still gets a zero for each of them. ``python`` runs Otter and the
    kernel; ``limits`` (a :class:`Limits` in force) confines the run to its CPU and memory.
    """
    with zipfile.ZipFile(autograder) as zf:
        questions = [Path(n).stem for n in zf.namelist() if n.startswith("tests/")]
    start = time.perf_counter()
    with tempfile.TemporaryDirectory() as out:
        env = {**os.environ, "OMP_NUM_THREADS": "1"}  # one thread per kernel
        command = [python, "-m", "otter", "run", "--no-logo", "-a", str(autograder),
                   "-o", out, str(submission)]  # fmt: skip
        ooms = limits.oom_kills() if limits else 0
        run = run_measured(limits.wrap(command) if limits else command, env=env, timeout=timeout)
        seconds = time.perf_counter() - start
        zeros = dict.fromkeys(questions, 0.0)
        if limits and limits.oom_kills() > ooms:
            return Graded(zeros, "out of memory", seconds, run.peak_rss, run.cpu_seconds)
        if run.timed_out:
            return Graded(zeros, "timed out", seconds, run.peak_rss, run.cpu_seconds)
        results = Path(out) / "results.json"
        if not results.is_file():
            return Graded(zeros, "failed", seconds, run.peak_rss, run.cpu_seconds)
        tests = json.loads(results.read_text())["tests"]
    scores = dict.fromkeys(questions, 0.0)
    scores.update({t["name"]: float(t["score"]) for t in tests if t["name"] in scores})
    outputs = {t["name"]: t.get("output") or "" for t in tests if t["name"] in scores}
    return Graded(scores, "graded", seconds, run.peak_rss, run.cpu_seconds, outputs)


class Limits:
    """A CPU quota and a memory limit in force: a Linux control group that ``wrap`` runs in.

    Made by :func:`confine`. A process run through :meth:`wrap` joins the group before it
    starts Otter, so Otter and the kernel it starts share the quota and the limit, as the
    processes of one Gradescope container do.
    """

    def __init__(self, procs: Sequence[Path], events: Sequence[Path], cpus: float,
                 memory: int | None) -> None:  # fmt: skip
        self.procs, self.events, self.cpus, self.memory = list(procs), list(events), cpus, memory

    def wrap(self, command: Sequence[str]) -> list[str]:
        """``command`` run by a shell that first moves itself into the group."""
        join = "".join(f"echo $$ > {shlex.quote(str(p))} && " for p in self.procs)
        return ["sh", "-c", f'{join}exec "$@"', "sh", *command]

    def oom_kills(self) -> int:
        """How many processes the group's memory limit has killed so far."""
        kills = 0
        for path in self.events:
            for line in path.read_text().splitlines():
                key, _, value = line.partition(" ")
                kills += int(value) if key == "oom_kill" else 0
        return kills


CGROUP = Path("/sys/fs/cgroup")


def _write(path: Path, text: str) -> None:
    path.write_text(text)


@contextmanager
def confine(cpus: float, memory: int | None, name: str = "l10_grading") -> Iterator[Limits | None]:
    """A control group holding ``cpus`` CPUs and ``memory`` bytes (None: no memory limit).

    Yields None where no control group can be made (not Linux, not root, no writable
    cgroup file system); the group is removed afterwards. Works with cgroup v2 (``cpu.max``,
    ``memory.max``) and v1 (``cpu.cfs_quota_us``, ``memory.limit_in_bytes``).
    """
    period = 100_000  # microseconds
    made: list[Path] = []
    try:
        if (CGROUP / "cgroup.controllers").is_file():  # v2: one hierarchy
            _write(CGROUP / "cgroup.subtree_control", "+cpu +memory")
            group = CGROUP / f"{name}_{os.getpid()}"
            group.mkdir()
            made.append(group)
            _write(group / "cpu.max", f"{round(cpus * period)} {period}")
            if memory is not None:
                _write(group / "memory.max", str(memory))
                _write(group / "memory.swap.max", "0")
            found = Limits([group / "cgroup.procs"], [group / "memory.events"], cpus, memory)
        else:  # v1: one hierarchy per controller
            cpu = CGROUP / "cpu" / f"{name}_{os.getpid()}"
            cpu.mkdir()
            made.append(cpu)
            _write(cpu / "cpu.cfs_period_us", str(period))
            _write(cpu / "cpu.cfs_quota_us", str(round(cpus * period)))
            procs, events = [cpu / "cgroup.procs"], []
            if memory is not None:
                mem = CGROUP / "memory" / f"{name}_{os.getpid()}"
                mem.mkdir()
                made.append(mem)
                _write(mem / "memory.limit_in_bytes", str(memory))
                procs.append(mem / "cgroup.procs")
                events.append(mem / "memory.oom_control")
            found = Limits(procs, events, cpus, memory)
    except OSError:
        found = None
    try:
        yield found
    finally:
        for group in reversed(made):
            for _ in range(50):  # a group can be removed once its last process is gone
                try:
                    group.rmdir()
                    break
                except OSError:
                    time.sleep(0.1)


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
    """The code of a stored answer in tests/exercises (its first line, the hint, dropped)."""
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
    """Map each notebook of ``otter_export DIR`` to its autograder zip (exactly one each)."""
    found = {}
    for folder in sorted(p for p in Path(otter_dir).iterdir() if p.is_dir()):
        zips = sorted((folder / "autograder").glob(f"{folder.name}-autograder_*.zip"))
        if len(zips) != 1:
            raise ValueError(
                f"{folder / 'autograder'} holds {len(zips)} autograder zips, expected one: "
                "write a fresh folder with python -m tools.otter_export DIR"
            )
        found[folder.name] = zips[0]
    if not found:
        raise ValueError(f"no autograders in {otter_dir}: run python -m tools.otter_export DIR")
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


#: The mistakes every check names, by the label of their code (l10_utils.checks._engine.fail).
GENERIC_MISTAKES = {
    "type": "returns the wrong type, shape or dtype",
    "raised": "raises an error",
    "argument": "changes an argument it is given",
    "state": "changes torch's random state or default dtype",
    "autograd": "uses autograd",
    "numerical": "differentiates numerically",
    "test data": "reads the test data",
    "groups": "builds groups that are not one per parameter",
    "unnamed": "a wrong result that no stored mistake gives",
    "hidden": "passes the check cell's cases but not the grader's own",
}
NOT_DONE, NO_NAME = "not done (the stub is still there)", "failed, no mistake named"
_CODE = re.compile(r"(?:\(mistake |（错误代码 )([0-9a-f]{6})[)）]")  # English or Chinese


def mistake_names(exercise: str) -> dict[str, str]:
    """{code: the mistake} of every mistake the check of ``exercise`` can name: its stored
    mistakes (by their hints) and the ones every check names."""
    from l10_utils.checks._engine import mistake_code, stored

    names = {mistake_code(label): what for label, what in GENERIC_MISTAKES.items()}
    for mistake in stored(exercise)["mistakes"]:
        names[mistake_code(f"{exercise}: {mistake['hint']}")] = mistake["hint"]
    return names


def mistake_counts(results: Iterable[tuple[str, str, Graded]]) -> dict[str, Counter]:
    """{question: Counter of what its failed submissions hit}: each named mistake (a
    submission naming two counts for both), the stub, or no named mistake."""
    counts: dict[str, Counter] = {}
    for _, _, graded in results:
        for question, score in graded.scores.items():
            found = counts.setdefault(question, Counter())
            found["submissions"] += 1
            if score > 0:
                continue
            output = graded.outputs.get(question, "")
            codes = _CODE.findall(output)
            if "is not done yet" in output or "尚未完成" in output:
                found[NOT_DONE] += 1
            elif codes:
                found.update(dict.fromkeys(codes, 1))
            else:
                found[NO_NAME] += 1
    return counts


def write_mistakes_report(path: Path, results: Iterable[tuple[str, str, Graded]]) -> None:
    """Write, per question, how many submissions hit each named mistake (and how many failed
    with none named, or left the stub): a CSV beside the gradebook, for the next lecture."""
    with open(path, "w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["question", "mistake code", "mistake", "submissions", "of submissions"])
        for question, found in mistake_counts(results).items():
            names = mistake_names(question)
            total = found.pop("submissions")
            for code, count in found.most_common():
                writer.writerow([question, code if code in names else "", names.get(code, code),
                                 count, total])  # fmt: skip


def run_grading(n: int, out: Path, *, workers: int | None = None, root: Path = Path("."),
                otter: Path | None = None) -> dict:  # fmt: skip
    """Plant ``n`` submissions, grade them in parallel, check each score; with the autograders
    in ``otter`` (``otter_export``'s folder), else exported into ``out/otter`` first.

    Returns the numbers ``bench --grading`` prints: submissions, workers, seconds, the mean
    seconds of one submission per notebook, the mismatches with the planted scores (none
    expected) and the gradebook's path.
    """
    from .otter_export import export, question_points

    out.mkdir(parents=True, exist_ok=True)
    if otter is None:
        otter = out / "otter"
        export(otter, root)
    notebooks = {}
    for name in autograders(otter):
        student = nbformat.read(otter / name / "student" / f"{name}.ipynb", 4)
        solution = nbformat.read(root / "notebooks" / "solutions" / f"{name}.ipynb", 4)
        notebooks[name] = (student, question_points(solution))
    submissions = out / "submissions"
    shutil.rmtree(submissions, ignore_errors=True)
    submissions.mkdir()
    planted = plant(n, notebooks, submissions, root)
    workers = workers or os.cpu_count() or 1
    start = time.perf_counter()
    results = grade_folder(otter, [p.path for p in planted], workers=workers)
    seconds = time.perf_counter() - start
    mismatches = [
        f"{p.student} {p.notebook} {q}: planted {p.kinds[q]} (due {p.due[q]}), scored {s}"
        for p, (_, _, g) in zip(planted, results, strict=True)
        for q, s in g.scores.items()
        if s != p.due[q]
    ]
    per_notebook: dict[str, list[Graded]] = {}
    for _, notebook, g in results:
        per_notebook.setdefault(notebook, []).append(g)
    write_gradebook(out / "gradebook.csv", results, gradebook_columns(otter))
    write_mistakes_report(out / "mistakes.csv", results)
    return {
        "submissions": n,
        "workers": workers,
        "seconds": seconds,
        "per_notebook": {k: _mean([g.seconds for g in v]) for k, v in sorted(per_notebook.items())},
        "peak_rss": {k: max(g.peak_rss for g in v) for k, v in sorted(per_notebook.items())},
        "cpu_seconds": {
            k: _mean([g.cpu_seconds for g in v]) for k, v in sorted(per_notebook.items())
        },
        "mismatches": mismatches,
        "gradebook": out / "gradebook.csv",
    }


def _mean(values: Sequence[float]) -> float:
    return sum(values) / len(values)


def solution_submission(student: nbformat.NotebookNode, solution: nbformat.NotebookNode
                        ) -> nbformat.NotebookNode:  # fmt: skip
    """The Otter student notebook with every answer cell holding the solution's own code."""
    from .exercises import exercise_cells, solution_code

    cells = solution.cells
    answers = {name: solution_code(cells[i].source) for name, i, _ in exercise_cells(solution)}
    return with_answers(student, answers)


def torch_version(python: str) -> str:
    """The torch version that ``python`` imports (e.g. ``2.14.1+cu130``)."""
    program = "import torch; print(torch.__version__)"
    return subprocess.run([python, "-c", program], capture_output=True, text=True,
                          check=True).stdout.strip()  # fmt: skip


@dataclass
class GradescopeRun:
    """One notebook's solution graded as on Gradescope's defaults, and what it needed.

    ``status`` and ``full_marks`` are those of the run within the default memory limit
    ("out of memory" if it was killed; ``peak_rss`` and the times then come from a second run
    without the memory limit). ``measured_wall`` is the wall time under a half-CPU quota
    (None where no quota could be set); on a busy machine the run can get less than its half
    CPU, so it can exceed what Gradescope takes.
    """

    notebook: str
    status: str
    full_marks: bool
    peak_rss: int
    cpu_seconds: float
    measured_wall: float | None

    @property
    def half_cpu_seconds(self) -> float:
        """Wall time at half a CPU estimated from the CPU time: at best the run gets its half
        CPU all the time, so Gradescope takes at least this long (plus its container start)."""
        return self.cpu_seconds / GRADESCOPE_CPUS

    @property
    def fits(self) -> bool:
        """Whether it grades within 768 MiB, half a CPU and 10 minutes, with full marks.

        The peak resident memory decides, not the control group's verdict: pages of shared
        libraries that other processes of this machine loaded first are charged to them, so the
        limit enforced here is more lenient than a container's (see docs/instructors.md).
        """
        wall = max(self.half_cpu_seconds, self.measured_wall or 0.0)
        return self.full_marks and self.peak_rss < GRADESCOPE_MEMORY and wall < GRADESCOPE_TIMEOUT


def run_gradescope(out: Path, python: str = sys.executable, root: Path = Path("."),
                   exported: Path | None = None) -> Iterator[GradescopeRun]:  # fmt: skip
    """Grade each graded notebook's solution, one at a time, within Gradescope's defaults.

    Writes the autograders into ``out/otter`` (unless ``exported`` holds them already) and the
    solutions as submissions into ``out/solutions``; ``python`` runs Otter and the kernel (a
    venv with another torch build, say). Where control groups can be written the run gets half
    a CPU and 768 MiB, as a Gradescope container does; if it is killed for memory it runs
    again with the CPU quota only, to measure what it needs. Elsewhere it runs unconfined.
    Yields each notebook's :class:`GradescopeRun` as soon as it is graded.
    """
    from .otter_export import export, question_points

    out.mkdir(parents=True, exist_ok=True)
    if exported is None:
        exported = out / "otter"
        export(exported, root)
    submissions = out / "solutions"
    submissions.mkdir(exist_ok=True)
    for name, autograder in autograders(exported).items():
        student = nbformat.read(exported / name / "student" / f"{name}.ipynb", 4)
        solution = nbformat.read(root / "notebooks" / "solutions" / f"{name}.ipynb", 4)
        path = submissions / f"{name}.ipynb"
        nbformat.write(solution_submission(student, solution), path)
        points = question_points(solution)
        with confine(GRADESCOPE_CPUS, GRADESCOPE_MEMORY) as box:
            g = grade(autograder, path, timeout=GRADESCOPE_TIMEOUT, python=python, limits=box)
        status, full = g.status, g.scores == points
        if status == "out of memory":
            with confine(GRADESCOPE_CPUS, None) as box:
                g = grade(autograder, path, timeout=GRADESCOPE_TIMEOUT, python=python, limits=box)
        wall = g.seconds if box else None
        yield GradescopeRun(name, status, full, g.peak_rss, g.cpu_seconds, wall)


def main(argv: list[str] | None = None) -> int:
    """``python -m tools.otter_grading OTTER_DIR SUBMISSION...``: grade a class, no Docker."""
    import argparse

    parser = argparse.ArgumentParser(
        description="Grade submissions <student>-<notebook>.ipynb with otter run, in parallel, "
        "into a Canvas gradebook CSV"
    )
    parser.add_argument("otter_dir", type=Path, help="the folder of otter_export DIR")
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
    report = args.gradebook.with_name(args.gradebook.stem + "-mistakes.csv")
    write_mistakes_report(report, results)
    print(
        f"{len(files)} submissions graded; gradebook (Canvas CSV): {args.gradebook}; what the "
        f"class got wrong, question by question: {report}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
