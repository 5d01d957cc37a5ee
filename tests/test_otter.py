"""The Otter-Grader / Gradescope route, proved with Otter's own runner (``otter run``, no Docker).

``python -m tools.otter_export DIR`` writes one autograder zip and one student notebook
per graded notebook. Graded with ``otter run`` (tests/grading_cases.py): the solution gets
full marks; in two more submissions per notebook every question gets zero once (a stored
wrong answer or the release's stub) and full marks beside a neighbour's zero, and an answer
right on the check cell's cases only gets zero from the graders' hidden cases; a submission
whose first cell raises and one whose solution cell never ends get what is due within a
per-submission time limit. nbgrader grades some of the same submissions in
tests/test_nbgrader_grading.py; that every stored wrong answer fails its check cell in a
kernel is tests/test_release.py's. Grading runs whole notebooks, two at a time
(``-m grading``; minutes). Skipped where the grading extra (Otter-Grader) is not installed.
"""

from __future__ import annotations

import csv
import json
import subprocess
import sys
import zipfile
from pathlib import Path

import nbformat
import pytest
from grading_cases import (
    GRADED,
    first_hinted_wrong_answer,
    points_of,
    solution_answers,
    submissions,
    wrong_code,
)
from notebook_files import EXERCISES, ROOT

pytest.importorskip("otter", reason="Otter-Grader is not installed: pip install -e '.[grading]'")

from l10_utils.checks._engine import mistake_code  # noqa: E402
from tools import otter_export, otter_grading, release  # noqa: E402

pytestmark = pytest.mark.grading

TIME_LIMIT = 120  # seconds per submission, far above a notebook's run here (10-30 s)


@pytest.fixture(scope="module")
def exported(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("otter")
    assert otter_export.main([str(out), "--root", str(ROOT)]) == 0
    return out


def autograder(exported: Path, stem: str) -> Path:
    return otter_grading.autograders(exported)[stem]


def student(exported: Path, stem: str) -> nbformat.NotebookNode:
    return nbformat.read(exported / stem / "student" / f"{stem}.ipynb", 4)


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
                # the check cell's call (its hints), then the hidden cases
                calls = f"    check_{name}({name})\n    check_{name}({name}, hidden={{'cases': "
                assert calls in test
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
        for marker in ("BEGIN SOLUTION", "def test_", "BEGIN TEST", "def check_", "hidden="):
            assert marker not in text, f"{path.stem}: {marker!r} in the student notebook"
        assert "worked answers" not in text.lower()
        for name in points_of(path):  # the nbgrader release's stub, and its check cell
            answer = next(c for c in nb.cells if c.source.lstrip().startswith(f"def {name}("))
            assert answer.source.endswith("# YOUR CODE HERE\n    raise NotImplementedError()")
            assert any(c.source.strip() == f"check_{name}({name})" for c in nb.cells)


# -- grading ---------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def graded(exported, tmp_path_factory):
    """Every submission of :func:`submissions`, graded with otter run two at a time."""
    tmp = tmp_path_factory.mktemp("submissions")
    cases = submissions()
    # and one Chinese submission: notebook 3's "A" in the Chinese student notebook (Otter's
    # metadata added, as an Otter assignment's Chinese student copy would carry it)
    stem, label, answers, due = next(c for c in cases if c[0] == GRADED[2].stem and c[1][0] == "A")
    cases.append((stem, f"zh {label}", answers, due))
    jobs = []
    for k, (stem, label, answers, _) in enumerate(cases):
        path = tmp / f"{k:03d}-{stem}.ipynb"
        nb = student(exported, stem)
        if label.startswith("zh "):
            nb = nbformat.read(ROOT / release.ZH / "student" / f"{stem}.ipynb", 4) | {
                "metadata": nb.metadata
            }  # fmt: skip
            nb = nbformat.from_dict(nb)
        nbformat.write(otter_grading.with_answers(nb, answers), path)
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
    # beside the solutions, every question got zero once and full marks once
    others = [due for (_, label, _, due), _ in graded if label != "solution"]
    for path in GRADED:
        for name, points in points_of(path).items():
            scores = {due[name] for due in others if name in due}
            assert scores == {0.0, points}, (name, scores)
    (hidden_only,) = [r for (_, label, _, _), r in graded if "public cases only" in label]
    assert "grader's own cases" in hidden_only.outputs["penalized_batch_cost"]
    # the Chinese submission: the same scores as the English one, its messages in Chinese
    (zh,) = [r for (_, label, _, _), r in graded if label.startswith("zh ")]
    assert "错误代码" in " ".join(zh.outputs.values()), zh.outputs


def test_the_mistakes_report_names_what_otter_graded_wrong(graded):
    counts = otter_grading.mistake_counts(
        [(label, stem, result) for (stem, label, _, _), result in graded]
    )
    for (_, label, _, _), _ in graded:
        for part in label.removeprefix("zh ")[3:].split(", "):
            name, _, stem = part.partition("/")
            if stem.startswith("wrong_"):  # a stored wrong answer: counted under its hint
                hint = (EXERCISES / name / f"{stem}.py").read_text().partition("\n")[0]
                code = mistake_code(f"{name}: {hint.removeprefix('# hint: ')}")
                assert counts[name][code] >= 1, (label, counts[name])
    assert counts["penalized_batch_cost"][mistake_code("hidden")] == 1
    stubs = sum(label.count("/stub") for (_, label, _, _), _ in graded)
    assert sum(c[otter_grading.NOT_DONE] for c in counts.values()) == stubs > 0


def test_the_results_show_the_checks_hints_and_no_checker_source(exported, tmp_path):
    stem, name = "03_sgd_weight_decay", "literal_lambda"
    wrong = first_hinted_wrong_answer(name)
    answers = {**solution_answers(ROOT / "notebooks" / "solutions" / f"{stem}.ipynb"),
               name: wrong_code(wrong)}  # fmt: skip
    path = tmp_path / "sub.ipynb"
    nbformat.write(otter_grading.with_answers(student(exported, stem), answers), path)
    out = tmp_path / "out"
    out.mkdir()
    subprocess.run([sys.executable, "-m", "otter", "run", "--no-logo", "-a",
                    str(autograder(exported, stem)), "-o", str(out), str(path)],
                   check=True, capture_output=True)  # fmt: skip
    results = json.loads((out / "results.json").read_text())
    (test,) = [t for t in results["tests"] if t["name"] == name]
    hint = wrong.read_text().partition("\n")[0].removeprefix("# hint: ")
    assert test["score"] == 0 and hint in test["output"] and "(mistake " in test["output"]
    text = json.dumps(results)
    # the one line of test text a result quotes is the check call, the same as the student's
    # own check cell; nothing of the checks' source or of the hidden cases' call
    assert "def check_" not in text and "hidden=" not in text
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
        cell = next(c for c in nb.cells if c.source.startswith("def literal_lambda("))
        cell.source += "\n\nwhile True:  # an endless loop in a solution cell\n    pass\n"

    path = write_submission(exported, stem, tmp_path, loop_forever)
    result = otter_grading.grade(autograder(exported, stem), path, timeout=30)
    assert result.status == "timed out" and result.seconds < 40
    assert result.scores == dict.fromkeys(
        points_of(ROOT / "notebooks" / "solutions" / f"{stem}.ipynb"), 0.0
    )


def test_bench_grading_plants_grades_and_writes_a_gradebook(exported, tmp_path, capsys):
    from tools import bench

    bench.main(["--grading", "2", "--workers", "2", "--out", str(tmp_path), "--otter",
                str(exported)])  # fmt: skip
    lines = capsys.readouterr().out.strip().splitlines()
    assert lines[-1].startswith("submissions_per_minute: ") and float(lines[-1].split()[-1]) > 0
    assert not any(line.startswith("MISMATCH") for line in lines)
    with open(tmp_path / "gradebook.csv") as f:
        rows = list(csv.reader(f))
    questions = [name for path in GRADED for name in points_of(path)]
    assert rows[0] == ["Student", "ID", "SIS User ID", "Section", *questions]
    # 2 submissions: one student's notebooks 1 and 2, so the other notebooks' columns are empty
    assert len(rows) == 2 and rows[1][0] == "student001"
    firsts = [name for path in GRADED[:2] for name in points_of(path)]
    marks = dict(zip(questions, rows[1][4:], strict=True))
    assert all(marks[q] in ("0.0", "1.0") for q in firsts)
    assert all(marks[q] == "" for q in questions if q not in firsts)
    # The instructor's command on the same submissions writes the same gradebook.
    gradebook = tmp_path / "again.csv"
    argv = [str(exported), str(tmp_path / "submissions"), "--gradebook", str(gradebook)]
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
