"""Every stored right answer, put in its solution cell, lets its whole notebook run.

A checker that accepts an answer promises that the rest of the notebook works with it: a
``grad_b`` returned as a Python float once passed its check and then broke notebook 1's
next cell (``grad_b.item()``). Each run executes a whole solution notebook in a fresh
kernel (about 10 s): select these tests with ``-m notebook_run``, leave them out with
``-m "not notebook_run"``.
"""

import nbformat
import pytest
from nbclient.exceptions import CellExecutionError
from notebook_files import EXERCISES, ROOT, SOLUTIONS, exercise_cells, run_notebook, split_answer

RIGHT_ANSWERS = sorted(EXERCISES.glob("*/right_*.py"))
# grade_id -> (notebook, index of its solution cell), read once
SOLUTION_CELLS = {
    name: (path, i) for path in SOLUTIONS for name, i, _ in exercise_cells(nbformat.read(path, 4))
}

pytestmark = pytest.mark.notebook_run


def test_every_exercise_has_a_right_answer_to_run_and_a_solution_cell():
    # The parametrized runs below cover only the answers that exist: an exercise folder with
    # no right answer, or a notebook exercise with no folder, would pass unseen.
    folders = {p.name for p in EXERCISES.iterdir() if p.is_dir()}
    assert {p.parent.name for p in RIGHT_ANSWERS} == folders
    assert set(SOLUTION_CELLS) == folders


@pytest.mark.parametrize("answer", RIGHT_ANSWERS, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_right_answer_runs_its_whole_notebook(answer):
    name = answer.parent.name
    found = SOLUTION_CELLS.get(name)
    assert found is not None, (
        f"{answer.relative_to(ROOT)}: no notebook in notebooks/solutions has a solution cell "
        f"with grade_id {name!r}. Add the exercise to its notebook: a solution cell "
        f"`def {name}(...)` (nbgrader grade_id {name!r}) followed by its locked check cell "
        f"`check_{name}({name})`."
    )
    path, i = found
    nb = nbformat.read(path, 4)
    _, source = split_answer(answer)
    assert f"def {name}(" in source, f"{answer.name} must define {name}"
    nb.cells[i].source = source
    error = None
    try:
        run_notebook(nb, path.parent)
    except CellExecutionError as err:
        error = f"{err.ename}: {err.evalue}"
    if error is not None:  # outside the except block: no chained traceback of the kernel's
        failed = next(
            (
                c.source
                for c in nb.cells
                if any(o.output_type == "error" for o in c.get("outputs", []))
            ),
            "?",
        )
        pytest.fail(
            f"{answer.relative_to(ROOT)} in place of the solution of {name!r}: {path.name} "
            f"fails in the cell\n{failed}\nwith {error}",
            pytrace=False,
        )
