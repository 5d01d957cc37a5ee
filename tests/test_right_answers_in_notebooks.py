"""Every stored right answer, put in its solution cell, lets its whole notebook run.

A checker that accepts an answer promises that the rest of the notebook works with it: a
``grad_b`` returned as a Python float once passed its check and then broke notebook 1's
next cell (``grad_b.item()``). Pass k puts each exercise's k-th right answer (its first
again when it has fewer) in place of its solution, so a notebook has as many passes as its
exercise with the most right answers, and every right answer runs once at least. The
passes of a notebook run together, in one kernel: the first runs the whole notebook, each
later one runs again every cell from the first exercise on, with its own answers (so
notebook 4's sweeps, above its exercises, train once). Select these tests with
``-m notebook_run``, leave them out with ``-m "not notebook_run"``.
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
    """(notebook, {solution cell index: right answer}) of every pass, notebook by notebook."""
    out = []
    for path in SOLUTIONS:
        cells = {i: sorted((EXERCISES / name).glob("right_*.py"))
                 for name, (p, i) in SOLUTION_CELLS.items() if p == path}  # fmt: skip
        if all(cells.values()):  # an exercise without one fails the test above
            for k in range(max(map(len, cells.values()), default=0)):
                out.append((path, {i: files[k % len(files)] for i, files in cells.items()}))
    return out


GRADED = sorted({path for path, _ in runs()})


def with_passes(nb: nbformat.NotebookNode, passes: list[dict]) -> list[int]:
    """Put every pass into ``nb`` (the later ones after it, from its first solution cell on);
    return the pass each cell belongs to."""
    first = min(passes[0])
    cells, which = [], []
    for k, answers in enumerate(passes):
        start = 0 if k == 0 else first
        for i, cell in enumerate(nb.cells[start:], start=start):
            cell = nbformat.from_dict(cell)
            if i in answers:
                name = answers[i].parent.name
                _, source = split_answer(answers[i])
                assert f"def {name}(" in source, f"{answers[i].name} must define {name}"
                cell.source = source
            cells.append(cell)
            which.append(k)
    nb.cells = cells
    return which


@pytest.mark.parametrize("path", GRADED, ids=lambda p: p.stem)
def test_right_answers_run_their_whole_notebook(path):
    nb = nbformat.read(path, 4)
    passes = [answers for p, answers in runs() if p == path]
    which = with_passes(nb, passes)
    error = None
    try:
        run_notebook(nb, path.parent, timeout=600)
    except CellExecutionError as err:
        error = f"{err.ename}: {err.evalue}"
    if error is not None:  # outside the except block: no chained traceback of the kernel's
        k, failed = next(
            (
                (which[n], c.source)
                for n, c in enumerate(nb.cells)
                if any(o.output_type == "error" for o in c.get("outputs", []))
            ),
            (0, "?"),
        )
        placed = ", ".join(str(a.relative_to(ROOT)) for a in passes[k].values())
        pytest.fail(
            f"{path.name} with the right answers {placed} in place of its solutions fails in "
            f"the cell\n{failed}\nwith {error}",
            pytrace=False,
        )
