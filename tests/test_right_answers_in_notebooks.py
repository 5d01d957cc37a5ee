"""Every stored right answer, put in its solution cell, lets its whole notebook run.

A checker that accepts an answer promises that the rest of the notebook works with it: a
``grad_b`` returned as a Python float once passed its check and then broke notebook 1's
next cell (``grad_b.item()``). Each run executes a whole solution notebook in a fresh
kernel (about 10 s) with a right answer in place of every solution of that notebook: run k
takes each exercise's k-th right answer (its first again when it has fewer), so a notebook
runs as often as its exercise with the most right answers, and every right answer runs
once at least. Select these tests with ``-m notebook_run``, leave them out with
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
    for name in sorted(folders - set(SOLUTION_CELLS)):
        raise AssertionError(
            f"tests/exercises/{name}: no notebook in notebooks/solutions has a solution cell "
            f"with grade_id {name!r}. Add the exercise to its notebook: a solution cell "
            f"`def {name}(...)` (nbgrader grade_id {name!r}) followed by its locked check cell "
            f"`check_{name}({name})`."
        )
    assert set(SOLUTION_CELLS) == folders
    # and the runs below put every right answer in its notebook
    assert {a for _, answers in runs() for a in answers.values()} == set(RIGHT_ANSWERS)


def runs() -> list[tuple]:
    """(notebook, {solution cell index: right answer}) of every run, notebook by notebook."""
    out = []
    for path in SOLUTIONS:
        cells = {i: sorted((EXERCISES / name).glob("right_*.py"))
                 for name, (p, i) in SOLUTION_CELLS.items() if p == path}  # fmt: skip
        if all(cells.values()):  # an exercise without one fails the test above
            for k in range(max(map(len, cells.values()), default=0)):
                out.append((path, {i: files[k % len(files)] for i, files in cells.items()}))
    return out


def run_id(run: tuple) -> str:
    path, answers = run
    return f"{path.stem}: " + " + ".join(f"{a.parent.name}/{a.stem}" for a in answers.values())


@pytest.mark.parametrize("run", runs(), ids=run_id)
def test_right_answers_run_their_whole_notebook(run):
    path, answers = run
    nb = nbformat.read(path, 4)
    for i, answer in answers.items():
        name = answer.parent.name
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
        placed = ", ".join(str(a.relative_to(ROOT)) for a in answers.values())
        pytest.fail(
            f"{path.name} with the right answers {placed} in place of its solutions fails in "
            f"the cell\n{failed}\nwith {error}",
            pytrace=False,
        )
