"""No exercise's answer can be copied from what a student sees (issue 26).

Each exercise's folder holds ``leaks.txt``: one regular expression a line, each matching a
way of writing that exercise's answer (its key expression, in code or in LaTeX). None may
match the student release (every cell's source and every stored output of the student
notebooks), the stored outputs of the solution notebooks (what the website shows), the
README, the package's docstrings (what ``help()`` shows), or any message of the exercise's
checker on a stored wrong answer. And no function
that a student notebook defines outside the exercise cells passes any checker: copied and
renamed, it would be an answer.
"""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import nbformat
import pytest
import torch
import torch.nn.functional as F
from notebook_files import EXERCISES, ROOT, SOLUTIONS, STUDENT, exercise_cells, nbgrader_role
from test_checks import checker_for
from test_no_answer_to_import import EXERCISE_NAMES, passes
from torch import nn

WORKED_ANSWER = "worked-answer"


def leak_patterns(name: str) -> list[re.Pattern]:
    path = EXERCISES / name / "leaks.txt"
    lines = [line.strip() for line in path.read_text().splitlines()]
    return [re.compile(line) for line in lines if line and not line.startswith("#")]


def _output_text(output) -> str:
    parts = [output.get("text", "")]
    for mime, value in output.get("data", {}).items():
        if not mime.startswith("image/"):
            parts.append(value if isinstance(value, str) else json.dumps(value))
    parts.append(json.dumps(output.get("metadata", {})))  # alt text of figures
    return "\n".join("".join(p) if isinstance(p, list) else p for p in parts)


def what_students_see() -> dict[str, str]:
    """{place: text} of everything a student reads: the student notebooks, the solution
    notebooks' stored outputs outside the exercise cells (the website shows them), the README."""
    seen = {}
    for path in STUDENT:
        nb = nbformat.read(path, 4)
        for i, cell in enumerate(nb.cells):
            seen[f"student/{path.name}[{i}]"] = cell.source + "\n".join(
                _output_text(o) for o in cell.get("outputs", [])
            )
    for path in SOLUTIONS:
        nb = nbformat.read(path, 4)
        for i, cell in enumerate(nb.cells):
            if nbgrader_role(cell) or WORKED_ANSWER in cell.metadata.get("tags", []):
                continue
            seen[f"solutions/{path.name}[{i}] outputs"] = "\n".join(
                _output_text(o) for o in cell.get("outputs", [])
            )
    seen["README.md"] = (ROOT / "README.md").read_text()
    for path in sorted((ROOT / "l10_utils").rglob("*.py")):  # what help() shows a student
        tree = ast.parse(path.read_text())
        for node in [tree, *ast.walk(tree)]:
            if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef):
                doc = ast.get_docstring(node)
                if doc:
                    where = getattr(node, "name", "module")
                    seen[f"{path.relative_to(ROOT)} {where} docstring"] = doc
    return seen


SEEN = what_students_see()


@pytest.mark.parametrize("name", EXERCISE_NAMES)
def test_every_exercise_lists_how_its_answer_would_be_written(name):
    patterns = leak_patterns(name)
    assert patterns, f"tests/exercises/{name}/leaks.txt lists no pattern"
    # each pattern finds the answer in the solution cell itself: it would catch a copy
    solution = next(
        nb.cells[i].source
        for path in SOLUTIONS
        for nb in [nbformat.read(path, 4)]
        for ex, i, _ in exercise_cells(nb)
        if ex == name
    )
    assert any(p.search(solution) for p in patterns), (
        f"no pattern of tests/exercises/{name}/leaks.txt matches its own solution cell"
    )


@pytest.mark.parametrize("name", EXERCISE_NAMES)
def test_no_answer_in_what_students_see(name):
    found = [
        f"{place}: {m.group(0)!r}"
        for place, text in SEEN.items()
        for p in leak_patterns(name)
        for m in [p.search(text)]
        if m
    ]
    assert not found, f"the answer to {name} can be read here:\n" + "\n".join(found)


def _functions_defined_outside_the_exercises() -> dict[str, str]:
    """{place: source} of each top-level function a student notebook defines outside its
    exercise cells."""
    found = {}
    for path in STUDENT:
        nb = nbformat.read(path, 4)
        for i, cell in enumerate(nb.cells):
            if cell.cell_type != "code" or nbgrader_role(cell):
                continue
            source = "\n".join(  # IPython's magics become `pass`
                line.split("%")[0] + "pass" if line.lstrip().startswith(("%", "!")) else line
                for line in cell.source.splitlines()
            )
            for node in ast.parse(source).body:
                if isinstance(node, ast.FunctionDef):
                    found[f"{path.name}[{i}] {node.name}"] = ast.unparse(node)
    return found


NOTEBOOK_FUNCTIONS = _functions_defined_outside_the_exercises()


def test_the_student_notebooks_define_functions_outside_the_exercises():
    assert len(NOTEBOOK_FUNCTIONS) >= 5


@pytest.mark.parametrize("name", EXERCISE_NAMES)
def test_no_function_of_a_student_notebook_passes_a_check(name):
    passing = []
    for place, source in NOTEBOOK_FUNCTIONS.items():
        namespace = {"torch": torch, "F": F, "nn": nn}
        try:
            exec(compile(source, place, "exec"), namespace)
        except NameError:  # a default argument from the notebook: it needs the notebook
            continue
        function = namespace[place.rsplit(" ", 1)[1]]
        if passes(checker_for(name), function):
            passing.append(place)
    assert not passing, f"check_{name} accepts a function the student release defines: {passing}"


def test_leak_files_sit_beside_the_answers():
    folders = {p.name for p in EXERCISES.iterdir() if p.is_dir()}
    assert {Path(p).parent.name for p in EXERCISES.glob("*/leaks.txt")} == folders
