"""The repository's notebooks and stored exercise answers, as every test module finds them.

``tests/`` is on the import path of every test (pytest puts a conftest's folder there), the
browser tests' included: ``from notebook_files import ROOT, SOLUTIONS, ...``. Finding an
exercise's cells and reading a stored answer is ``tools.exercises``' work (the release, the
Otter export, the site and the grading use it too); this module re-exports it.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from tools.exercises import answer_kind, exercise_cells, nbgrader_role, solution_code

ROOT = Path(__file__).resolve().parents[1]
SOLUTIONS = sorted((ROOT / "notebooks" / "solutions").glob("*.ipynb"))
STUDENT = sorted((ROOT / "notebooks" / "student").glob("*.ipynb"))
EXERCISES = ROOT / "tests" / "exercises"
EXERCISE_NAMES = sorted(p.name for p in EXERCISES.iterdir() if p.is_dir())

__all__ = ["ROOT", "SOLUTIONS", "STUDENT", "EXERCISES", "EXERCISE_NAMES", "answer_kind"]
__all__ += ["exercise_cells", "nbgrader_role", "run_notebook", "solution_code", "split_answer"]


def split_answer(path: Path) -> tuple[str, str]:
    """(the text its check must say: a hint, a piece of a message or ``pass``; the code as a
    student would type it) of a stored answer file."""
    first, _, code = path.read_text().partition("\n")
    return answer_kind(path)[1], code


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
