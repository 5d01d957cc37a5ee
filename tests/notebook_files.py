"""The repository's notebooks and stored exercise answers, as every test module finds them.

``tests/`` is on the import path of every test (pytest puts a conftest's folder there), the
browser tests' included: ``from notebook_files import ROOT, SOLUTIONS, ...``.
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterator, Mapping
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOLUTIONS = sorted((ROOT / "notebooks" / "solutions").glob("*.ipynb"))
STUDENT = sorted((ROOT / "notebooks" / "student").glob("*.ipynb"))
EXERCISES = ROOT / "tests" / "exercises"
EXPECT = "# expect: "  # the first line of every stored answer: the hint its check must give


def nbgrader_role(cell: Mapping) -> dict:
    """The cell's nbgrader metadata ({} for a cell nbgrader does not grade or lock)."""
    return cell.get("metadata", {}).get("nbgrader", {})


def exercise_cells(nb: Mapping) -> Iterator[tuple[str, int, int]]:
    """Yield (function name, solution cell index, check cell index) of each graded exercise.

    Works on an nbformat notebook and on the plain JSON dict of one.
    """
    cells = nb["cells"]
    for i, cell in enumerate(cells):
        if nbgrader_role(cell).get("solution"):
            j = next(k for k in range(i + 1, len(cells)) if nbgrader_role(cells[k]).get("grade"))
            yield nbgrader_role(cell)["grade_id"], i, j


def split_answer(path: Path) -> tuple[str, str]:
    """Return (expected hint, code as a student would type it) of a stored answer file."""
    first, _, code = path.read_text().partition("\n")
    assert first.startswith(EXPECT), f"{path} must start with '{EXPECT}...'"
    return first.removeprefix(EXPECT), code


def run_notebook(nb, cwd: Path, *, timeout: int = 300, allow_errors: bool = False):
    """Execute ``nb`` (an nbformat notebook) in place in a fresh ``python3`` kernel; return it.

    The kernel starts in ``cwd``, as JupyterLab starts it in the notebook's folder. A failing
    cell raises nbclient's ``CellExecutionError`` unless ``allow_errors``; the kernel's own
    log (ipykernel's notes on stderr) is dropped. Tests that call this are marked ``kernel``.
    """
    from nbclient import NotebookClient

    nb.metadata.setdefault(
        "kernelspec", {"name": "python3", "display_name": "Python 3", "language": "python"}
    )
    NotebookClient(
        nb,
        timeout=timeout,
        allow_errors=allow_errors,
        kernel_name="python3",
        resources={"metadata": {"path": str(cwd)}},
    ).execute(stderr=subprocess.DEVNULL)
    return nb
