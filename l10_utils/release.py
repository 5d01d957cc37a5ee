"""Generate the student notebooks from the solution notebooks.

``python -m l10_utils.release`` reads ``notebooks/solutions/*.ipynb`` and writes
``notebooks/student/*.ipynb``: every ``### BEGIN SOLUTION`` / ``### END SOLUTION`` region
becomes ``# YOUR CODE HERE`` + ``raise NotImplementedError()`` (as nbgrader's
``generate_assignment`` does), ``### BEGIN HIDDEN TESTS`` / ``### END HIDDEN TESTS``
regions are removed, outputs and execution counts are cleared, nbgrader metadata is kept.
``--check`` writes nothing and exits 1, naming the files, when the committed release is
stale.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

import nbformat

SOLUTIONS = Path("notebooks/solutions")
STUDENT = Path("notebooks/student")

_SOLUTION = re.compile(
    r"^(?P<indent>[ \t]*)### BEGIN SOLUTION[ \t]*\n.*?^[ \t]*### END SOLUTION[ \t]*(\n|$)",
    re.MULTILINE | re.DOTALL,
)
_HIDDEN = re.compile(
    r"^[ \t]*### BEGIN HIDDEN TESTS[ \t]*\n.*?^[ \t]*### END HIDDEN TESTS[ \t]*(\n|$)",
    re.MULTILINE | re.DOTALL,
)


def strip_solutions(source: str) -> str:
    """Return cell source with solution regions stubbed and hidden-test regions removed."""

    def stub(match: re.Match) -> str:
        indent = match.group("indent")
        return f"{indent}# YOUR CODE HERE\n{indent}raise NotImplementedError()\n"

    return _HIDDEN.sub("", _SOLUTION.sub(stub, source)).rstrip("\n")


def student_version(solution: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Return the student notebook for a solution notebook (a new object)."""
    nb = nbformat.from_dict(solution)
    for cell in nb.cells:
        if "### BEGIN SOLUTION" in cell.source or "### BEGIN HIDDEN TESTS" in cell.source:
            if cell.cell_type != "code":
                raise ValueError(f"solution markers are only supported in code cells: {cell.id}")
            cell.source = strip_solutions(cell.source)
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
        # keep only what graders need: no Colab ids, timings or user details
        cell.metadata = {k: v for k, v in cell.metadata.items() if k in ("nbgrader", "tags")}
    nb.metadata = {
        "kernelspec": solution.metadata.get("kernelspec", {}),
        "language_info": {"name": "python"},
    }
    return nb


def render(root: Path = Path(".")) -> dict[Path, str]:
    """Return ``{student notebook path: its JSON text}`` for every solution notebook."""
    sources = sorted((root / SOLUTIONS).glob("*.ipynb"))
    if not sources:
        raise FileNotFoundError(
            f"no solution notebooks in {root / SOLUTIONS}: run this from the repository root "
            "or pass --root"
        )
    return {
        root / STUDENT / path.name: nbformat.writes(student_version(nbformat.read(path, 4))) + "\n"
        for path in sources
    }


def stale_files(root: Path = Path(".")) -> list[Path]:
    """Return the student notebooks that are missing, outdated or have no solution notebook."""
    wanted = render(root)
    stale = [p for p, text in wanted.items() if not p.is_file() or p.read_text() != text]
    extra = [p for p in sorted((root / STUDENT).glob("*.ipynb")) if p not in wanted]
    return stale + extra


def main(argv: list[str] | None = None) -> int:
    """Write the student release, or with ``--check`` report whether it is up to date."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only check; exit 1 if stale")
    parser.add_argument("--root", type=Path, default=Path("."), help="repository root")
    args = parser.parse_args(argv)
    if args.check:
        stale = stale_files(args.root)
        if stale:
            print("student release is stale: " + ", ".join(map(str, stale)))
            print("regenerate it with: python -m l10_utils.release")
            return 1
        print("student release is up to date")
        return 0
    (args.root / STUDENT).mkdir(parents=True, exist_ok=True)
    wanted = render(args.root)
    for path, text in wanted.items():
        path.write_text(text)
        print(f"wrote {path}")
    for path in sorted((args.root / STUDENT).glob("*.ipynb")):
        if path not in wanted:
            path.unlink()
            print(f"removed {path} (no solution notebook of that name)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
