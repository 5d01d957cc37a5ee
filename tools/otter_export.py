"""The Otter-Grader / Gradescope route: autograder zips from the same solution notebooks.

``python -m tools.otter_export DIR`` calls :func:`export`. For each solution notebook
with graded exercises it writes an Otter Assign master notebook (:func:`otter_master`):

- a raw ``# ASSIGNMENT CONFIG`` cell: exception-based tests, no Otter cells in the student
  notebook (it keeps the bundle's own check cells, whose messages are the hints), the Python
  version and the requirements of the grading image (:func:`requirements`);
- for each graded exercise, one Otter question named after it, with nbgrader's points: the
  solution cell, its ``### BEGIN SOLUTION`` region turned into Otter's ``# BEGIN SOLUTION NO
  PROMPT`` and a prompt with the same stub as the nbgrader release (``raise
  NotImplementedError()``), and one hidden exception-based test that calls the exercise's
  checker from ``l10_utils.checks`` on the check cell's cases (its hints), then on the
  grader's own cases of the check cell's hidden tests, which only the zip holds. The grading
  logic stays in the checkers.

It then runs Otter's own ``otter assign`` on it, which writes ``DIR/<stem>/autograder/``
(``<stem>-autograder_<timestamp>.zip``, Gradescope's format) and ``DIR/<stem>/student/``.
The worked answers (cells tagged ``worked-answer``) are left out of both.

Needs the ``grading`` extra (``pip install -e '.[grading]'``: Otter-Grader).
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import nbformat
import yaml

from .exercises import check_call, exercise_cells, hidden_tests
from .release import (
    SOLUTION_REGION,
    SOLUTIONS,
    WORKED_ANSWER,
    release_tag,
    repository_url,
    with_colab_cell,
)

#: PyTorch's CPU-only wheels: the grading image needs no CUDA libraries (about 2 GB).
CPU_INDEX = "https://download.pytorch.org/whl/cpu"
#: Python of the grading image: the version of the CI venv with Colab's pinned versions.
PYTHON_VERSION = "3.12"


def requirements(root: Path = Path(".")) -> list[str]:
    """Return the grading image's pip requirements: a CPU torch and l10_utils of this release.

    torch and torchvision at the versions of ``tests/constraints/colab.txt``, which CI
    installs and tests (with Python 3.12), from PyTorch's CPU index; l10_utils from the
    release tag, as the notebooks' Colab cell installs it.
    """
    pins = {}
    for line in (root / "tests" / "constraints" / "colab.txt").read_text().splitlines():
        name, _, version = line.partition("==")
        if version:
            pins[name.strip()] = version.strip()
    return [
        f"--extra-index-url {CPU_INDEX}",
        f"torch=={pins['torch']}",
        f"torchvision=={pins['torchvision']}",
        f"l10-utils @ git+{repository_url(root)}@{release_tag(root)}",
    ]


def _raw(text: str) -> nbformat.NotebookNode:
    return nbformat.v4.new_raw_cell(text)


def _otter_solution(source: str) -> str:
    """nbgrader's solution region -> Otter's, with the nbgrader release's stub as the prompt."""

    def replace(match: re.Match) -> str:
        indent = match.group("indent")
        return (
            f"{indent}# BEGIN SOLUTION NO PROMPT\n{match.group('body')}{indent}# END SOLUTION\n"
            f'{indent}""" # BEGIN PROMPT\n{indent}# YOUR CODE HERE\n'
            f'{indent}raise NotImplementedError()\n{indent}"""; # END PROMPT{match.group("end")}'
        )

    return SOLUTION_REGION.sub(replace, source)


def _test_cell(name: str, points: float, hidden: str) -> nbformat.NotebookNode:
    """The question's one test: the check cell's call (its hints), then the hidden tests."""
    source = (
        f'""" # BEGIN TEST CONFIG\nhidden: true\npoints: {points}\n""" # END TEST CONFIG\n'
        f"def test_{name}({name}):\n"
        f"    from l10_utils.checks import check_{name}\n\n"
        f"    check_{name}({name})\n" + textwrap.indent(hidden, "    ") + "\n"
    )
    return nbformat.v4.new_code_cell(source)


def question_points(nb: nbformat.NotebookNode) -> dict[str, float]:
    """Return {exercise: points}: each solution cell's grade_id, its check cell's points."""
    return {name: nb.cells[j].metadata["nbgrader"]["points"] for name, _, j in exercise_cells(nb)}


def otter_master(
    solution: nbformat.NotebookNode, name: str, reqs: list[str]
) -> nbformat.NotebookNode:
    """Return the Otter Assign master notebook of a solution notebook (a new object)."""
    config = {
        "name": name,
        "init_cell": False,
        "check_all_cell": False,
        "export_cell": False,
        "run_tests": False,
        "python_version": PYTHON_VERSION,
        "requirements": reqs,
        "tests": {"ok_format": False},
        # Gradescope: each question's result (the checker's hint) once grades are published, and
        # no summary of public tests, which would read "all passed" as there are none
        "generate": {"show_hidden": True, "force_public_test_summary": False},
    }
    cells = [_raw("# ASSIGNMENT CONFIG\n" + yaml.safe_dump(config, sort_keys=False))]
    points = question_points(solution)
    cells_of = exercise_cells(solution)
    hidden = {name: hidden_tests(solution.cells[j].source) for name, _, j in cells_of}
    source_cells = [c for c in solution.cells if WORKED_ANSWER not in c.metadata.get("tags", [])]
    for cell in source_cells:
        role = cell.metadata.get("nbgrader", {})
        cell = nbformat.from_dict(cell)
        cell.metadata = {}
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
        if role.get("grade"):  # the check cell students see: no hidden tests
            cell.source = check_call(cell.source)
        if role.get("solution"):
            name = role["grade_id"]
            question = {"name": name, "points": points[name]}
            cell.source = _otter_solution(cell.source)
            cells += [
                _raw("# BEGIN QUESTION\n" + yaml.safe_dump(question, sort_keys=False)),
                _raw("# BEGIN SOLUTION"),
                cell,
                _raw("# END SOLUTION"),
                _raw("# BEGIN TESTS"),
                _test_cell(name, points[name], hidden[name]),
                _raw("# END TESTS"),
                _raw("# END QUESTION"),
            ]
        else:
            cells.append(cell)
    master = nbformat.v4.new_notebook(cells=cells)
    master.metadata = {"kernelspec": solution.metadata["kernelspec"]}
    return master


def graded(path: Path) -> bool:
    """Whether a solution notebook has graded exercises."""
    return bool(question_points(nbformat.read(path, 4)))


def export(out: Path, root: Path = Path(".")) -> dict[str, Path]:
    """Write ``out/<stem>/{autograder,student}`` for every graded notebook; return the zips."""
    reqs = requirements(root)
    url, tag = repository_url(root), release_tag(root)
    zips = {}
    for path in sorted((root / SOLUTIONS).glob("*.ipynb")):
        nb = nbformat.read(path, 4)
        if not question_points(nb):
            continue
        solution = with_colab_cell(nb, url, tag, path.name)
        master_dir = out / path.stem / "master"
        master_dir.mkdir(parents=True, exist_ok=True)
        master_path = master_dir / path.name
        nbformat.write(otter_master(solution, path.stem, reqs), master_path)
        result = subprocess.run(
            [sys.executable, "-m", "otter", "assign", str(master_path), str(out / path.stem)],
            capture_output=True,
            text=True,
        )
        if result.returncode != 0:
            raise RuntimeError(f"otter assign failed for {path.name}:\n{result.stderr[-3000:]}")
        (zip_path,) = sorted((out / path.stem / "autograder").glob(f"{path.stem}-autograder_*.zip"))
        zips[path.stem] = zip_path
    return zips


def main(argv: list[str] | None = None) -> int:
    """Write an autograder zip and a student notebook per graded notebook into DIR."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, metavar="DIR", help="where to write them")
    parser.add_argument("--root", type=Path, default=Path("."), help="repository root")
    args = parser.parse_args(argv)
    for name, zip_path in export(args.out, args.root).items():
        print(f"{name}: {zip_path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
