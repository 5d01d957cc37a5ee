"""Notebook hygiene: clean runs, no machine or Colab details, a title and goals, nbgrader
metadata per the exercise contract, and ruff-clean code."""

import json
import re
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from notebook_files import ROOT, SOLUTIONS, STUDENT

from tools.exercises import check_call, hidden_tests

ALL = SOLUTIONS + STUDENT
NBGRADER_KEYS = {"schema_version", "grade", "solution", "locked", "grade_id", "points"}


def ids(path: Path) -> str:
    return f"{path.parent.name}/{path.stem}"


CORE = [p for p in SOLUTIONS if p.name[:2] in ("01", "02", "03", "04")]
WORKED_ANSWER = "worked-answer"


def test_four_core_notebooks_and_an_optional_fifth_in_both_folders():
    names = [p.name for p in SOLUTIONS]
    assert [n[:3] for n in names] == ["01_", "02_", "03_", "04_", "05_"]
    assert [p.name for p in STUDENT] == names


def prose(nb) -> list[str]:
    return [c.source for c in nb.cells if c.cell_type == "markdown"]


@pytest.mark.parametrize("path", CORE, ids=ids)
def test_a_core_notebook_is_one_sitting_of_prose(path):
    # the README: one sitting, at most 1,500 words of prose (worked answers included), no
    # markdown cell over 200 words
    cells = prose(nbformat.read(path, 4))
    words = [len(text.split()) for text in cells]
    assert sum(words) <= 1500, f"{path.name}: {sum(words)} words of prose"
    assert max(words) <= 200, f"{path.name}: a markdown cell of {max(words)} words"


def code_lines(nb) -> list[str]:
    """The lines of code a student reads in a notebook: code cells without their hidden tests
    (the grader's), comments, blank lines and magics."""
    code = [check_call(c.source) for c in nb.cells if c.cell_type == "code"]
    lines = (line.strip() for source in code for line in source.splitlines())
    return [line for line in lines if line and not line.startswith(("#", "%", "!"))]


@pytest.mark.parametrize("path", CORE, ids=ids)
def test_a_core_notebook_is_one_sitting_of_code(path):
    # the README: at most 110 lines of code and 4 asserts (checks that prove the bundle right
    # live in tests/claims/)
    lines = code_lines(nbformat.read(path, 4))
    assert len(lines) <= 110, f"{path.name}: {len(lines)} lines of code"
    assert sum(line.startswith("assert ") for line in lines) <= 4, path.name


#: the course website's code column holds 101 characters at 1,280 px (tests/site); ruff's
#: line-length (pyproject.toml) keeps the notebooks' code within it
CODE_LINE_LIMIT = 100


@pytest.mark.parametrize("path", ALL, ids=ids)
def test_every_code_line_fits_the_websites_code_column(path):
    # (the graders' hidden tests are one line of data each, which no student page shows)
    nb = nbformat.read(path, 4)
    code = [check_call(c.source) for c in nb.cells if c.cell_type == "code"]
    long = [line for source in code for line in source.splitlines() if len(line) > CODE_LINE_LIMIT]
    assert not long, f"{path.name}: code lines over {CODE_LINE_LIMIT} characters: {long}"


def test_the_optional_notebook_is_at_most_1800_words():
    nb = nbformat.read(SOLUTIONS[4], 4)
    assert sum(len(text.split()) for text in prose(nb)) <= 1800


@pytest.mark.parametrize("path", CORE, ids=ids)
def test_a_core_notebook_has_questions_and_worked_answers_for_instructors(path):
    nb = nbformat.read(path, 4)
    # worked answers (to the questions, last; to an exercise, anywhere): instructors only
    answers = [c for c in nb.cells if WORKED_ANSWER in c.metadata.get("tags", [])]
    assert answers and answers[-1] is nb.cells[-1], "the worked answers to the questions last"
    summary = next(c for c in reversed(nb.cells) if WORKED_ANSWER not in c.metadata.get("tags", []))
    questions = re.search(r"\*\*Questions\*\*\n(.*)", summary.source, re.DOTALL)
    assert questions, "the summary cell ends with **Questions**"
    asked = re.findall(r"^\d\. ", questions.group(1), re.MULTILINE)
    answered = re.findall(r"^\d\. ", answers[-1].source, re.MULTILINE)
    assert 2 <= len(asked) <= 4 and len(answered) == len(asked)
    student = nbformat.read(ROOT / "notebooks" / "student" / path.name, 4)
    assert all(WORKED_ANSWER not in c.metadata.get("tags", []) for c in student.cells)
    assert not {a.source for a in answers} & {c.source for c in student.cells}


VERDICT = re.compile(r"\b(better|worse|beyond the seeds' spread|within the seeds' spread)\b")


@pytest.mark.parametrize("path", SOLUTIONS, ids=ids)
def test_no_printed_verdict_rests_on_one_run(path):
    # Every verdict a notebook prints comes from l10_utils.verdicts.compare, which refuses fewer
    # than 3 seeds and names how many seeds each side had.
    nb = nbformat.read(path, 4)
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        text = "".join(o.get("text", "") for o in cell.outputs if o.output_type == "stream")
        for line in text.splitlines():
            if VERDICT.search(line):
                seeds = re.search(r"\(means of (\d+)(?: and (\d+))? seeds", line)
                assert seeds, f"{path.name}: a verdict without its seeds: {line!r}"
                assert min(int(k) for k in seeds.groups() if k) >= 3, line
                assert "compare(" in cell.source, f"{path.name}: a verdict not from compare: {line}"


@pytest.mark.parametrize("path", SOLUTIONS, ids=ids)
def test_solution_ran_top_to_bottom_without_errors_or_warnings(path):
    nb = nbformat.read(path, 4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert [c.execution_count for c in code] == list(range(1, len(code) + 1))
    for cell in code:
        for out in cell.outputs:
            assert out.output_type != "error", f"saved error in:\n{cell.source}"
            assert not (out.output_type == "stream" and out.name == "stderr"), (
                f"warning or stderr left in the output of:\n{cell.source}\n{out.text}"
            )


@pytest.mark.parametrize("path", ALL, ids=ids)
def test_no_machine_paths_user_or_colab_metadata(path):
    text = path.read_text()
    for absolute in ("/work/", "/tmp/", "/home/", "/root/", "/Users/", "C:\\\\"):
        assert absolute not in text, f"absolute path {absolute!r} in {path.name}"
    nb = nbformat.read(path, 4)
    assert nb.metadata.kernelspec.name == "python3"
    # Solution notebooks may keep the ipywidgets state of their saved run, so that their
    # progress bars show as finished; it holds widget models only, no user details.
    allowed = {"kernelspec", "language_info"} | ({"widgets"} if path in SOLUTIONS else set())
    assert set(nb.metadata) <= allowed, set(nb.metadata) - allowed
    if "widgets" in nb.metadata:
        assert list(nb.metadata.widgets) == ["application/vnd.jupyter.widget-state+json"]
    for cell in nb.cells:
        assert set(cell.metadata) <= {"nbgrader", "tags"}, cell.metadata  # no colab, id, outputId


@pytest.mark.parametrize("path", ALL, ids=ids)
def test_opens_with_a_title_and_learning_goals_and_ends_with_a_summary(path):
    nb = nbformat.read(path, 4)
    first = nb.cells[0]
    assert first.cell_type == "markdown" and re.match(r"# \d · ", first.source)
    assert "**Learning goals**" in first.source
    lesson = [c for c in nb.cells if WORKED_ANSWER not in c.metadata.get("tags", [])]
    assert "## Summary" in lesson[-1].source


def test_the_optional_notebook_grades_nothing():
    for path in (p for p in ALL if p.name[:2] == "05"):
        assert not any("nbgrader" in c.metadata for c in nbformat.read(path, 4).cells)


@pytest.mark.parametrize("path", [p for p in ALL if p.name[:2] != "05"], ids=ids)
def test_exercises_follow_the_nbgrader_contract(path):
    nb = nbformat.read(path, 4)
    cells = nb.cells
    grade_ids = []
    for i, cell in enumerate(cells):
        meta = cell.metadata.get("nbgrader")
        if meta is None:
            continue
        assert set(meta) <= NBGRADER_KEYS and meta["schema_version"] == 3
        grade_ids.append(meta["grade_id"])
        assert re.fullmatch(r"[A-Za-z0-9_-]+", meta["grade_id"])
        if meta["solution"]:
            name = meta["grade_id"]
            assert cell.source.startswith(f"def {name}(")
            check = cells[i + 1]
            check_meta = check.metadata["nbgrader"]
            assert check_meta["grade"] and check_meta["locked"] and check_meta["points"] > 0
            # the one call a student sees; the grader's own cases in the hidden tests
            assert check_call(check.source) == f"check_{name}({name})"
            if "solutions" in path.parts:
                assert hidden_tests(check.source).startswith(f"check_{name}({name}, hidden=")
        else:
            assert meta["grade"] and meta["locked"]
    # at least two graded exercises, each a solution cell and its check cell
    assert len(grade_ids) >= 4 and len(grade_ids) == len(set(grade_ids))


def test_grade_ids_are_unique_across_the_bundle():
    all_ids = [
        c.metadata["nbgrader"]["grade_id"]
        for p in SOLUTIONS
        for c in nbformat.read(p, 4).cells
        if "nbgrader" in c.metadata
    ]
    assert len(all_ids) == len(set(all_ids))
    # each stored-answer folder of tests/exercises is one exercise: a solution and a check cell
    exercises = [p for p in (ROOT / "tests" / "exercises").iterdir() if p.is_dir()]
    assert len(all_ids) == 2 * len(exercises)


@pytest.mark.kernel
def test_notebooks_and_package_are_ruff_clean():
    result = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "--output-format", "concise", str(ROOT)],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_notebook_json_is_nbformat_valid():
    for path in ALL:
        nbformat.validate(nbformat.read(path, 4))
        json.loads(path.read_text())


def _sanitize(text: str) -> str:
    """Apply tests/nbval_sanitize.cfg as nbval does (its own parser, patterns in order)."""
    from nbval.plugin import get_sanitize_patterns

    patterns = get_sanitize_patterns((ROOT / "tests" / "nbval_sanitize.cfg").read_text())
    for regex, replace in patterns:
        text = re.sub(regex, replace, text)
    return text


@pytest.mark.parametrize(
    "volatile",
    [
        "max |Δ| weights 8.94e-08, biases 5.96e-08",  # float32 rounding, notebook 3
        "parameters equal to 7e-16.",  # float64 rounding, notebook 4
        "max |Δ| weights 0.0e+00, biases 0.0e+00",  # exactly equal on another CPU kernel
        "parameters equal to 0e+00.",
        "no penalty:  37%|███▋      | 11/30 [00:01<00:02,  8.10epoch/s]",
        "device: cuda",
    ],
)
def test_sanitize_masks_volatile_text(volatile):
    assert _sanitize(volatile) != volatile


@pytest.mark.parametrize(
    "result",
    [
        "max |Δ| weights 1.18e-02, biases 2.41e-02",  # a real difference: still compared
        "train acc 1.000, test acc 0.866, sqrt(sum ||W||_F^2) =  13.93",
        "weight_decay = λ/n = 0.0100",
        "wd = 2.0e-05",  # 1e-5 and above is not rounding level
        "lr = 1.0e+00, loss 10.0e+00",  # not a zero
    ],
)
def test_sanitize_leaves_results_alone(result):
    assert _sanitize(result) == result
