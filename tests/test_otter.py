"""The Otter-Grader / Gradescope route, proved with Otter's own runner (``otter run``, no Docker).

``python -m tools.otter_export DIR`` writes one autograder zip and one student notebook
per graded notebook. Graded with ``otter run``: the solution gets full marks, the student
release zero on every question, each question's first stored wrong answer zero on its own
question and full marks on the others, a submission whose first cell raises and one whose
solution cell never ends get what is due within a per-submission time limit; for the same
submissions nbgrader's autograde gives the same scores. That every stored wrong answer fails
its check cell in a kernel is ``test_check_cells_reject_every_stored_wrong_answer`` in
tests/test_release.py; here one per question proves the scoring. Grading runs whole
notebooks, two at a time (``-m grading``; minutes). Skipped where the grading extra
(Otter-Grader) is not installed.
"""

from __future__ import annotations

import csv
import json
import os
import shutil
import subprocess
import sys
import zipfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import nbformat
import pytest
from notebook_files import EXERCISES, ROOT, SOLUTIONS, exercise_cells, split_answer

pytest.importorskip("otter", reason="Otter-Grader is not installed: pip install -e '.[grading]'")

from tools import otter_export, otter_grading, release  # noqa: E402

pytestmark = pytest.mark.grading

GRADED = [p for p in SOLUTIONS if otter_export.graded(p)]
TIME_LIMIT = 120  # seconds per submission, far above a notebook's run here (10-25 s)


def points_of(path: Path) -> dict[str, float]:
    nb = nbformat.read(path, 4)
    return {name: nb.cells[j].metadata["nbgrader"]["points"] for name, _, j in exercise_cells(nb)}


@pytest.fixture(scope="module")
def exported(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("otter")
    assert otter_export.main([str(out), "--root", str(ROOT)]) == 0
    return out


def autograder(exported: Path, stem: str) -> Path:
    return otter_grading.autograders(exported)[stem]


def student(exported: Path, stem: str) -> nbformat.NotebookNode:
    return nbformat.read(exported / stem / "student" / f"{stem}.ipynb", 4)


def solution_answers(path: Path) -> dict[str, str]:
    """The solution notebook's own answers, as a student would type them (no markers)."""
    nb = nbformat.read(path, 4)
    answers = {}
    for name, i, _ in exercise_cells(nb):
        lines = nb.cells[i].source.splitlines()
        answers[name] = "\n".join(line for line in lines if "### " not in line)
    return answers


def test_one_autograder_zip_and_student_notebook_per_graded_notebook(exported):
    assert sorted(p.name for p in exported.iterdir()) == sorted(p.stem for p in GRADED)
    for path in GRADED:
        with zipfile.ZipFile(autograder(exported, path.stem)) as zf:
            names = set(zf.namelist())
        tests = {Path(n).stem for n in names if n.startswith("tests/")}
        assert tests == set(points_of(path)), "one question per graded exercise"
        assert {"run_autograder", "setup.sh", "environment.yml", "otter_config.json"} <= names
        nb = student(exported, path.stem)
        assert nb.metadata["otter"]["assignment_name"] == path.stem


def test_each_question_calls_its_checker_with_nbgraders_points(exported):
    for path in GRADED:
        with zipfile.ZipFile(autograder(exported, path.stem)) as zf:
            for name, points in points_of(path).items():
                test = zf.read(f"tests/{name}.py").decode()
                assert f"check_{name}({name})" in test and "hidden=True" in test
                assert f"points = {points}" in test


def test_the_grading_image_installs_a_cpu_torch_ci_tested_and_the_release_tag(exported):
    with zipfile.ZipFile(autograder(exported, GRADED[0].stem)) as zf:
        env = zf.read("environment.yml").decode()
    colab = (ROOT / "tests" / "constraints" / "colab.txt").read_text()
    pins = dict(line.split("==") for line in colab.splitlines() if "==" in line)
    assert "python=3.12" in env  # the Python of CI's venv with these pins
    assert f"--extra-index-url {otter_export.CPU_INDEX}" in env
    assert f"torch=={pins['torch']}" in env and f"torchvision=={pins['torchvision']}" in env
    tag = release.release_tag(ROOT)
    assert f"l10-utils @ git+{release.repository_url(ROOT)}@{tag}" in env


def test_student_notebooks_hold_no_solution_checker_source_or_test(exported):
    for path in GRADED:
        nb = student(exported, path.stem)
        text = json.dumps(nb)
        # (Otter keeps each test file's header in the metadata, without the hidden test cases)
        for marker in ("BEGIN SOLUTION", "def test_", "BEGIN TEST", "def check_", "hidden=True"):
            assert marker not in text, f"{path.stem}: {marker!r} in the student notebook"
        assert "worked answers" not in text.lower()
        for name in points_of(path):  # the nbgrader release's stub, and its check cell
            answer = next(c for c in nb.cells if c.source.lstrip().startswith(f"def {name}("))
            assert answer.source.endswith("# YOUR CODE HERE\n    raise NotImplementedError()")
            assert any(c.source.strip() == f"check_{name}({name})" for c in nb.cells)


# -- grading ---------------------------------------------------------------------------------
def submissions() -> list[tuple[str, str, dict[str, str], dict]]:
    """(notebook, label, answers, expected scores) of every submission the tests grade.

    Per notebook: the solution; the student release; for each question, its first stored
    wrong answer with every other question right (zero on that question, full marks on the
    others).
    """
    cases = []
    for path in GRADED:
        points = points_of(path)
        right = solution_answers(path)
        cases.append((path.stem, "solution", right, points))
        cases.append((path.stem, "student release", {}, dict.fromkeys(points, 0.0)))
        for name in points:
            first = sorted((EXERCISES / name).glob("wrong_*.py"))[0]
            answers = {**right, name: split_answer(first)[1]}
            cases.append((path.stem, f"{name}/{first.stem}", answers, {**points, name: 0.0}))
    return cases


@pytest.fixture(scope="module")
def graded(exported, tmp_path_factory):
    """Every submission of :func:`submissions`, graded with otter run two at a time."""
    tmp = tmp_path_factory.mktemp("submissions")
    cases = submissions()
    jobs = []
    for k, (stem, _, answers, _) in enumerate(cases):
        path = tmp / f"{k:03d}-{stem}.ipynb"
        nbformat.write(otter_grading.with_answers(student(exported, stem), answers), path)
        jobs.append((autograder(exported, stem), path))
    results = otter_grading.grade_many(jobs, workers=2, timeout=TIME_LIMIT)
    return list(zip(cases, results, strict=True))


def test_otter_run_gives_every_submission_its_due_score(graded):
    wrong = [
        f"{stem} {label}: expected {expected}, otter run gave {result.scores} ({result.status})"
        for (stem, label, _, expected), result in graded
        if result.scores != expected
    ]
    assert not wrong, "\n".join(wrong)
    # every question was graded wrong once, alone
    alone = {label.split("/")[0] for (_, label, _, _), _ in graded if "/" in label}
    assert alone == {name for path in GRADED for name in points_of(path)}


def test_the_results_show_the_checkers_hints_and_no_checker_source(exported, tmp_path):
    stem = "03_sgd_weight_decay"
    ours = (
        "def lecture_to_weight_decay(lam, n):\n    return lam / n\n"  # our λ's, not the lecture's
    )
    answers = {**solution_answers(ROOT / "notebooks" / "solutions" / f"{stem}.ipynb"),
               "lecture_to_weight_decay": ours}  # fmt: skip
    path = tmp_path / "sub.ipynb"
    nbformat.write(otter_grading.with_answers(student(exported, stem), answers), path)
    out = tmp_path / "out"
    out.mkdir()
    subprocess.run([sys.executable, "-m", "otter", "run", "--no-logo", "-a",
                    str(autograder(exported, stem)), "-o", str(out), str(path)],
                   check=True, capture_output=True)  # fmt: skip
    results = json.loads((out / "results.json").read_text())
    (wrong,) = [t for t in results["tests"] if t["name"] == "lecture_to_weight_decay"]
    assert wrong["score"] == 0 and "converts a λ of our convention" in wrong["output"]
    text = json.dumps(results)
    # the one line of test text a result quotes is the check call, the same as the student's
    # own check cell; nothing of the checkers' source or cases
    assert "def check_" not in text and "LECTURE_CASES" not in text
    assert "Public Tests" not in text  # no summary that would read "all passed"


def write_submission(exported, stem, tmp_path, change) -> Path:
    nb = otter_grading.with_answers(
        student(exported, stem),
        solution_answers(ROOT / "notebooks" / "solutions" / f"{stem}.ipynb"),
    )
    change(nb)
    path = tmp_path / f"{stem}.ipynb"
    nbformat.write(nb, path)
    return path


def test_a_first_cell_that_raises_does_not_stop_the_grading(exported, tmp_path):
    stem = "03_sgd_weight_decay"

    def break_first_cell(nb):
        first = next(c for c in nb.cells if c.cell_type == "code")
        first.source = 'raise RuntimeError("a student broke the first cell")\n' + first.source

    path = write_submission(exported, stem, tmp_path, break_first_cell)
    result = otter_grading.grade(autograder(exported, stem), path, timeout=TIME_LIMIT)
    # otter run goes on after an error, as nbgrader's autograde does: the answers below count
    assert result.status == "graded" and result.scores == points_of(
        ROOT / "notebooks" / "solutions" / f"{stem}.ipynb"
    )


def test_an_endless_loop_ends_at_the_time_limit_with_zeros(exported, tmp_path):
    stem = "03_sgd_weight_decay"

    def loop_forever(nb):
        cell = next(c for c in nb.cells if c.source.startswith("def lecture_to_weight_decay("))
        cell.source += "\n\nwhile True:  # an endless loop in a solution cell\n    pass\n"

    path = write_submission(exported, stem, tmp_path, loop_forever)
    result = otter_grading.grade(autograder(exported, stem), path, timeout=30)
    assert result.status == "timed out" and result.seconds < 40
    assert result.scores == dict.fromkeys(
        points_of(ROOT / "notebooks" / "solutions" / f"{stem}.ipynb"), 0.0
    )


def nbgrader_scores(tmp: Path, cases: list[tuple[str, str, dict[str, str]]]) -> list[dict]:
    """nbgrader's autograde of the same answers, in its own release of each notebook.

    Two courses, each with its own gradebook, grade half of the cases each, side by side (one
    autograde runs one notebook at a time).
    """
    halves = [list(range(len(cases)))[h::2] for h in range(2)]
    with ThreadPoolExecutor(max_workers=2) as pool:
        graded = pool.map(lambda h: _nbgrader_course(tmp / f"course{h}", cases, halves[h]), (0, 1))
        by_case = {k: scores for part in graded for k, scores in part.items()}
    return [by_case[k] for k in range(len(cases))]


def _nbgrader_course(course: Path, cases: list, chosen: list[int]) -> dict[int, dict]:
    """Autograde the ``chosen`` cases in a course of their own: {case index: scores}."""
    from nbgrader.api import Gradebook

    (course / "source" / "l10").mkdir(parents=True)
    shutil.copy(ROOT / "docs" / "nbgrader_config.py", course)
    for stem in {stem for stem, _, _ in cases}:
        shutil.copy(ROOT / "notebooks" / "solutions" / f"{stem}.ipynb", course / "source" / "l10")
    db = f"sqlite:///{course / 'gradebook.db'}"
    nbgrader = [sys.executable, "-m", "nbgrader"]
    # nbgrader creates its database with the venv's alembic command; one thread per kernel,
    # as two courses grade at once
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
           "OMP_NUM_THREADS": "1"}  # fmt: skip
    subprocess.run([*nbgrader, "generate_assignment", "l10", f"--db={db}"], cwd=course, env=env,
                   check=True, capture_output=True)  # fmt: skip
    for k in chosen:
        stem, _, answers = cases[k]
        released = nbformat.read(course / "release" / "l10" / f"{stem}.ipynb", 4)
        folder = course / "submitted" / f"s{k:03d}" / "l10"
        folder.mkdir(parents=True)
        nbformat.write(otter_grading.with_answers(released, answers), folder / f"{stem}.ipynb")
    subprocess.run([*nbgrader, "autograde", "l10", f"--db={db}"], cwd=course, env=env,
                   check=True, capture_output=True, timeout=3600)  # fmt: skip
    scores = {}
    with Gradebook(db) as gb:
        for k in chosen:
            notebook = gb.find_submission_notebook(cases[k][0], "l10", f"s{k:03d}")
            scores[k] = {g.name.removeprefix("check_"): float(g.score) for g in notebook.grades}
    return scores


def test_nbgraders_autograde_gives_the_same_scores(graded, tmp_path):
    pytest.importorskip("nbgrader", reason="nbgrader runs where Colab's pins do not rule it out")
    # every submission otter run graded: the solution, the release, each first wrong answer
    theirs = nbgrader_scores(tmp_path, [case[:3] for case, _ in graded])
    for ((stem, label, _, _), ours), nbgrader in zip(graded, theirs, strict=True):
        assert nbgrader == ours.scores, f"{stem} {label}: otter {ours.scores}, nbgrader {nbgrader}"


def test_bench_grading_plants_grades_and_writes_a_gradebook(tmp_path, capsys):
    from tools import bench

    bench.main(["--grading", "4", "--workers", "2", "--out", str(tmp_path)])
    lines = capsys.readouterr().out.strip().splitlines()
    assert lines[-1].startswith("submissions_per_minute: ") and float(lines[-1].split()[-1]) > 0
    assert not any(line.startswith("MISMATCH") for line in lines)
    with open(tmp_path / "gradebook.csv") as f:
        rows = list(csv.reader(f))
    questions = [name for path in GRADED for name in points_of(path)]
    assert rows[0] == ["Student", "ID", "SIS User ID", "Section", *questions]
    assert len(rows) == 2 and rows[1][0] == "student001"  # 4 submissions: one student's 4
    assert all(cell in ("0.0", "1.0", "2.0") for cell in rows[1][4:])
    # The instructor's command on the same submissions writes the same gradebook.
    gradebook = tmp_path / "again.csv"
    argv = [str(tmp_path / "otter"), str(tmp_path / "submissions"), "--gradebook", str(gradebook)]
    assert otter_grading.main([*argv, "--workers", "2"]) == 0
    assert gradebook.read_text() == (tmp_path / "gradebook.csv").read_text()


def test_a_submission_named_after_no_notebook_is_refused_before_grading(exported, tmp_path):
    stray = tmp_path / "jdoe-homework.ipynb"
    nbformat.write(student(exported, GRADED[0].stem), stray)
    with pytest.raises(ValueError, match="name each submission <student>-<notebook>.ipynb"):
        otter_grading.grade_folder(exported, [stray])
    assert otter_grading.owner(tmp_path / "jdoe_03_sgd_weight_decay.ipynb", [GRADED[2].stem]) == (
        "jdoe",
        "03_sgd_weight_decay",
    )
