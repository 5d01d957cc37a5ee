"""The student release: generated from the solutions, up to date, accepted by nbgrader, and
every graded check fails on it — and on every stored wrong answer put into its cell."""

import ast
import json
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


def test_check_names_stale_missing_and_extra_files(tmp_path, capsys):
    shutil.copytree(ROOT / "notebooks", tmp_path / "notebooks")
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
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
    return [o for o in cell.get("outputs", []) if o.output_type == "error"]


def assigned_names(source: str) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            names.add(node.id)
        elif isinstance(node, ast.FunctionDef):
            names.add(node.name)
    return names


def used_names(source: str) -> set[str]:
    return {
        node.id
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load)
    }


GRADED = [p for p in SOLUTIONS if any(exercise_cells(nbformat.read(p, 4)))]


@pytest.mark.kernel
@pytest.mark.parametrize("path", SOLUTIONS, ids=lambda p: p.stem)
def test_every_graded_check_fails_on_the_student_release(path):
    student = nbformat.read(STUDENT / path.name, 4)
    cells = run_cells(student.cells, STUDENT)
    failed_names: set[str] = set()
    checks = 0
    for cell in cells:
        if cell.cell_type != "code":
            continue
        errs = errors(cell)
        if nbgrader_role(cell).get("grade"):
            checks += 1
            assert errs and errs[0].ename == "NotImplementedError", (
                f"check passed on the stub:\n{cell.source}"
            )
            assert "is not done yet; the cells below use it" in errs[0].evalue
        elif errs:
            # Allowed: the stub itself, or a cell that uses what an earlier failed cell
            # (one that ran into the stub) should have defined.
            err = errs[0]
            assert err.ename == "NotImplementedError" or used_names(cell.source) & failed_names, (
                f"cell failed for another reason ({err.ename}: {err.evalue}):\n{cell.source}"
            )
        if errs:
            failed_names |= assigned_names(cell.source)
    assert checks >= 1 or path not in GRADED


@pytest.mark.kernel
@pytest.mark.parametrize("path", SOLUTIONS, ids=lambda p: p.stem)
def test_run_all_on_the_student_release_stops_once_at_the_first_exercise(path):
    """Run All with every exercise a stub: one error, in the first exercise's check cell, a
    NotImplementedError that names that exercise; no cell below it runs (JupyterLab and Colab
    stop at the first error, as nbclient does)."""
    from nbclient.exceptions import CellExecutionError

    student = nbformat.read(STUDENT / path.name, 4)
    exercises = list(exercise_cells(student))
    if not exercises:
        run_notebook(student, STUDENT, timeout=600)  # the optional notebook runs through
        return
    first, _, check = exercises[0]
    with pytest.raises(CellExecutionError) as stopped:
        run_notebook(student, STUDENT, timeout=600)
    failed = [
        i for i, cell in enumerate(student.cells) if cell.cell_type == "code" and errors(cell)
    ]
    assert failed == [check], f"Run All failed in cells {failed}, not only in {check}"
    err = errors(student.cells[check])[0]
    assert err.ename == "NotImplementedError", (err.ename, err.evalue)
    assert err.evalue.startswith(f"exercise {first} is not done yet; the cells below use it")
    assert stopped.value.ename == "NotImplementedError"
    ran = [i for i, c in enumerate(student.cells) if c.get("execution_count") is not None]
    assert max(ran) == check, f"cells below the first exercise ran: {ran}"


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
    shutil.copytree(ROOT / "notebooks", tmp_path / "notebooks")
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
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
