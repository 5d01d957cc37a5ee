"""The student release: generated from the solutions, up to date, accepted by nbgrader, and
every graded check fails on it — and on every stored wrong answer put into its cell."""

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from notebook_files import EXERCISES, ROOT, SOLUTIONS, exercise_cells, nbgrader_role, run_notebook

from tools import release

STUDENT = ROOT / "notebooks" / "student"


def test_strip_solutions_replaces_the_region_with_a_stub_and_drops_hidden_tests():
    source = (
        "def f(x):\n"
        '    "doc"\n'
        "    ### BEGIN SOLUTION\n"
        "    return 2 * x\n"
        "    ### END SOLUTION\n"
        "### BEGIN HIDDEN TESTS\n"
        "assert f(1) == 2\n"
        "### END HIDDEN TESTS\n"
    )
    assert release.strip_solutions(source) == (
        'def f(x):\n    "doc"\n    # YOUR CODE HERE\n    raise NotImplementedError()'
    )


def test_the_release_leaves_out_the_worked_answers():
    answer = nbformat.v4.new_markdown_cell("### Worked answers\n1. 42")
    answer.metadata["tags"] = [release.WORKED_ANSWER]
    solution = nbformat.v4.new_notebook(
        cells=[nbformat.v4.new_markdown_cell("**Questions**\n1. Why?"), answer]
    )
    student = release.student_version(solution)
    assert [c.source for c in student.cells] == ["**Questions**\n1. Why?"]
    assert len(solution.cells) == 2  # the solution notebook keeps them


def test_the_committed_student_release_is_up_to_date():
    assert release.stale_files(ROOT) == [], "run: python -m tools.release"


def copy_for_the_release(to: Path) -> None:
    """What ``python -m tools.release`` reads and writes: notebooks, exercises, their data."""
    shutil.copytree(ROOT / "notebooks", to / "notebooks")
    shutil.copytree(ROOT / "tests" / "exercises", to / "tests" / "exercises")
    shutil.copytree(ROOT / "l10_utils" / "checks" / "data", to / "l10_utils" / "checks" / "data")
    shutil.copytree(ROOT / "locale", to / "locale")
    shutil.copy(ROOT / "pyproject.toml", to)


def test_check_names_stale_missing_and_extra_files(tmp_path, capsys):
    copy_for_the_release(tmp_path)
    (tmp_path / "notebooks/student/01_penalized_logistic_cost.ipynb").write_text("{}")
    (tmp_path / "notebooks/student/02_manual_l2_loop.ipynb").unlink()
    (tmp_path / "notebooks/student/99_old.ipynb").write_text("{}")
    assert release.main(["--check", "--root", str(tmp_path)]) == 1
    out = capsys.readouterr().out
    for name in ("01_penalized_logistic_cost", "02_manual_l2_loop", "99_old"):
        assert name in out
    assert release.main(["--root", str(tmp_path)]) == 0
    assert release.main(["--check", "--root", str(tmp_path)]) == 0
    assert not (tmp_path / "notebooks/student/99_old.ipynb").exists()


def test_release_without_solution_notebooks_says_where_to_run_it(tmp_path):
    with pytest.raises(FileNotFoundError, match="repository root"):
        release.main(["--root", str(tmp_path)])


def test_student_notebooks_keep_nbgrader_metadata_and_have_no_solutions_or_outputs():
    for path in SOLUTIONS:
        solution = nbformat.read(path, 4)
        student = nbformat.read(STUDENT / path.name, 4)
        lesson = [
            c for c in solution.cells if release.WORKED_ANSWER not in c.metadata.get("tags", [])
        ]
        assert [nbgrader_role(c) for c in student.cells] == [nbgrader_role(c) for c in lesson]
        for cell in student.cells:
            assert "### BEGIN SOLUTION" not in cell.source
            if cell.cell_type == "code":
                assert cell.outputs == [] and cell.execution_count is None
            if nbgrader_role(cell).get("solution"):
                assert "raise NotImplementedError()" in cell.source


@pytest.mark.kernel
def test_nbgrader_generate_assignment_accepts_the_solutions_and_agrees(tmp_path):
    pytest.importorskip(
        "nbgrader",
        reason="nbgrader is not installed: it needs notebook>=7.2 and IPython>=8.10, which "
        "Colab's pins rule out, so the Colab-versions venv of .ci/run leaves it out "
        "(the main venv, pip install -e '.[test]', runs this test)",
    )
    source = tmp_path / "source" / "l10"
    source.mkdir(parents=True)
    for path in SOLUTIONS:
        shutil.copy(path, source)
    shutil.copy(ROOT / "docs" / "nbgrader_config.py", tmp_path)  # as docs/instructors.md says
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "nbgrader",
            "generate_assignment",
            "l10",
            "--no-db",
            f"--CourseDirectory.root={tmp_path}",
        ],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "[ERROR]" not in result.stdout + result.stderr
    for path in SOLUTIONS:
        theirs = nbformat.read(tmp_path / "release" / "l10" / path.name, 4)
        ours = nbformat.read(STUDENT / path.name, 4)
        assert [c.source.rstrip() for c in theirs.cells] == [c.source.rstrip() for c in ours.cells]


# --- executing notebooks -------------------------------------------------------------------


def run_cells(cells, cwd: Path) -> list:
    """Execute code cells in one fresh kernel, errors allowed; return the executed cells."""
    nb = nbformat.v4.new_notebook(cells=[nbformat.from_dict(c) for c in cells])
    return run_notebook(nb, cwd, timeout=600, allow_errors=True).cells


def errors(cell) -> list:
    return [o for o in cell.get("outputs", []) if o.get("output_type") == "error"]


GRADED = [p for p in SOLUTIONS if any(exercise_cells(nbformat.read(p, 4)))]


def traceback_text(error) -> str:
    """An error output's traceback as a student reads it (ANSI colours dropped)."""
    return re.sub(r"\x1b\[[0-9;]*m", "", "\n".join(error.get("traceback", [])))


@pytest.mark.kernel
@pytest.mark.parametrize("path", GRADED, ids=lambda p: p.stem)
def test_the_student_release_stops_at_each_exercise_and_names_it(path):
    """Every cell of a student notebook run with every exercise a stub (nbgrader's release).

    Run All stops at the first error: it must be the first exercise's check cell, a
    NotImplementedError naming the exercise. A cell run on its own after that which fails
    must say which exercise it waits for: its traceback names an exercise not yet done (the
    stub's own frame, or a comment on the line that uses the exercise's result)."""
    student = nbformat.read(STUDENT / path.name, 4)
    exercises = list(exercise_cells(student))
    ran = run_notebook(nbformat.from_dict(student), STUDENT, timeout=600, allow_errors=True)
    failed = [(i, errors(c)[0]) for i, c in enumerate(ran.cells) if errors(c)]
    first, _, check = exercises[0]
    i, error = failed[0]
    assert i == check, f"Run All stops in cell {i}, not at the first check cell ({check})"
    assert error.ename == "NotImplementedError", (error.ename, error.evalue)
    assert error.evalue.startswith(f"exercise {first} is not done yet; the cells below use it")
    checks = {j: name for name, _, j in exercises}
    for i, error in failed[1:]:
        if i in checks:  # every check cell stops at its own stub
            assert error.evalue.startswith(f"exercise {checks[i]} is not done yet"), error.evalue
            continue
        waiting = [name for name, _, j in exercises if j < i and name in traceback_text(error)]
        assert waiting, (
            f"cell {i} fails ({error.ename}: {error.evalue}) without naming the exercise it "
            f"needs:\n{ran.cells[i].source}"
        )


@pytest.mark.kernel
@pytest.mark.parametrize("path", GRADED, ids=lambda p: p.stem)
def test_check_cells_reject_every_stored_wrong_answer(path):
    nb = nbformat.read(path, 4)
    imports = next(c for c in nb.cells if c.cell_type == "code" and "l10_utils.checks" in c.source)
    cells, expected = [imports], []
    for name, _, j in exercise_cells(nb):
        for answer in sorted((EXERCISES / name).glob("*.py")):
            solution_cell = nbformat.v4.new_code_cell(answer.read_text())
            cells += [solution_cell, nbformat.v4.new_code_cell(nb.cells[j].source)]
            expected.append((answer, answer.stem.startswith("right_")))
    assert expected, f"no stored answers for the exercises of {path.name}"
    ran = run_cells(cells, path.parent)
    assert not errors(ran[0])
    for k, (answer, should_pass) in enumerate(expected):
        check_errors = errors(ran[2 + 2 * k])
        assert not errors(ran[1 + 2 * k]), f"{answer.name} did not even define its function"
        if should_pass:
            assert not check_errors, f"check cell rejected a right answer: {answer.name}"
        else:
            assert check_errors and check_errors[0].ename == "AssertionError", (
                f"check cell accepted a wrong answer: {answer.name}"
            )


def test_check_flags_a_solution_whose_colab_cell_was_edited(tmp_path, capsys):
    copy_for_the_release(tmp_path)
    path = tmp_path / "notebooks/solutions/03_sgd_weight_decay.ipynb"
    nb = nbformat.read(path, 4)
    first = next(c for c in nb.cells if c.cell_type == "code")
    first.source = first.source.replace("stat453", "someone-else")
    nbformat.write(nb, path)
    assert release.main(["--check", "--root", str(tmp_path)]) == 1
    assert "03_sgd_weight_decay" in capsys.readouterr().out
    assert release.main(["--root", str(tmp_path)]) == 0
    assert (
        "stat453" in next(c for c in nbformat.read(path, 4).cells if c.cell_type == "code").source
    )


def test_docs_links_point_at_the_release_on_github_which_colab_can_open():
    prose = "[a](../../docs/a.md), [b](https://github.com/o/r/blob/v0.0.9/docs/b.md#x), [c](#c)"
    setup = nbformat.v4.new_code_cell(release.COLAB_MARKER)
    nb = nbformat.v4.new_notebook(cells=[setup, nbformat.v4.new_markdown_cell(prose)])
    out = release.with_colab_cell(nb, "https://github.com/me/fork", "v1.2.3", "x.ipynb")
    fork = "https://github.com/me/fork/blob/v1.2.3/docs"
    assert out.cells[1].source == f"[a]({fork}/a.md), [b]({fork}/b.md#x), [c](#c)"
    for path in SOLUTIONS:  # no relative link left: in Colab it would open a page of Colab's
        assert "](../" not in "".join(c.source for c in nbformat.read(path, 4).cells), path.name


@pytest.mark.parametrize("path", SOLUTIONS, ids=lambda p: p.name)
def test_solution_notebooks_save_no_widget_state(path):
    # nbgrader's generate_assignment copies metadata.widgets into the release: progress bars
    # and explorer frames once saved 62 kB there. Every viewer shows the outputs' text and PNG
    # fallbacks without it; python -m tools.release drops it.
    metadata = json.loads(path.read_text())["metadata"]
    assert "widgets" not in metadata, "run python -m tools.release"


# --- the student edition -------------------------------------------------------------------


def test_the_student_edition_holds_what_a_student_needs_and_no_answer(tmp_path):
    out = tmp_path / "student-edition"
    files = {p.relative_to(out).as_posix() for p in release.student_edition(out, ROOT)}
    notebooks = {f"notebooks/{edition}{p.name}" for p in SOLUTIONS
                 for edition in ("student/", "zh/student/")}  # fmt: skip
    package = {p.relative_to(ROOT).as_posix() for p in (ROOT / "l10_utils").rglob("*")
               if p.is_file() and "__pycache__" not in p.parts}  # fmt: skip
    assert files == notebooks | package | set(release.STUDENT_EDITION_FILES) | {
        "README.md", "pyproject.toml", ".gitignore", ".l10-student-edition"
    }  # fmt: skip
    texts = {name: (out / name).read_text() for name in files}
    for name, text in texts.items():  # no solution, worked answer, hidden case or tool
        for marker in ("### BEGIN SOLUTION", "BEGIN HIDDEN TESTS", "hidden={'cases'",
                       release.WORKED_ANSWER, "Worked answers", "notebooks/solutions",
                       "python -m tools"):  # fmt: skip
            assert marker not in text, f"{name} holds {marker!r}"
    for folder in sorted(p for p in EXERCISES.iterdir() if p.is_dir()):
        hidden = json.loads((folder / "cases.json").read_text())["hidden"]
        patterns = [line for line in (folder / "leaks.txt").read_text().splitlines()
                    if line.strip() and not line.startswith("#")]  # fmt: skip
        for name, text in texts.items():
            assert json.dumps(hidden[0])[1:-1] not in text, (
                f"{name}: a hidden case of {folder.name}"
            )
            for pattern in patterns:
                assert not re.search(pattern, text), f"{name}: the answer to {folder.name}"
            for wrong in folder.glob("wrong_*.py"):  # no stored answer either
                assert wrong.read_text().partition("\n")[2] not in text, (name, wrong.name)
    # the package it ships is the one that installs, with its data; its set-up cell installs it
    assert '"l10_utils.checks" = ["data/*.json"]' in texts["pyproject.toml"]
    assert (
        release.repository_url(ROOT) in texts["notebooks/student/01_penalized_logistic_cost.ipynb"]
    )
    with pytest.raises(FileExistsError, match="not a student edition"):
        release.student_edition(tmp_path, ROOT)  # a folder it did not write: never emptied
