"""Count the Python lines of the bundle: what the notebooks import, and everything but tests.

``python -m tools.line_counts`` prints, counting lines that are neither blank nor comments
(docstrings count), the modules that a solution notebook imports directly or through other
modules of ``l10_utils``, their total, and the total of every Python file outside
``tests/`` (the tools included).
"""

from __future__ import annotations

import ast
import json
import re
import sys
from pathlib import Path

PACKAGE = "l10_utils"


def code_lines(path: Path) -> int:
    """Return the number of lines of ``path`` that are neither blank nor comments."""
    return sum(
        1
        for line in path.read_text().splitlines()
        if line.strip() and not line.strip().startswith("#")
    )


def _imported(tree: ast.AST, package: str) -> set[str]:
    """The ``l10_utils`` modules that code in ``package`` imports, as dotted names."""
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.split(".")[0] == PACKAGE}
        elif isinstance(node, ast.ImportFrom):
            base = package.split(".")[: len(package.split(".")) - node.level + 1]
            name = ".".join([*base, node.module or ""]).strip(".") if node.level else node.module
            if name and name.split(".")[0] == PACKAGE:
                found |= {name} | {f"{name}.{a.name}" for a in node.names}
    return found


def module_path(root: Path, name: str) -> Path | None:
    """The file of the dotted module ``name`` under ``root``, or None if it names no module."""
    base = root.joinpath(*name.split("."))
    for path in (base.with_suffix(".py"), base / "__init__.py"):
        if path.is_file():
            return path
    return None


def notebook_modules(root: Path = Path(".")) -> list[Path]:
    """The files of every ``l10_utils`` module the solution notebooks import, directly or not."""
    sources = []
    for nb in sorted((root / "notebooks" / "solutions").glob("*.ipynb")):
        cells = json.loads(nb.read_text())["cells"]
        code = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "code")
        # IPython's %magic and !shell lines are not Python: each becomes a `pass`
        sources.append(re.sub(r"^(\s*)[%!].*$", r"\1pass", code, flags=re.MULTILINE))
    todo = {name for src in sources for name in _imported(ast.parse(src), "")}
    seen: set[Path] = set()
    while todo:
        parts = todo.pop().split(".")
        for k in range(1, len(parts) + 1):  # importing a.b runs a/__init__.py too
            name = ".".join(parts[:k])
            path = module_path(root, name)
            if path is None or path in seen:
                continue
            seen.add(path)
            package = name if path.name == "__init__.py" else name.rpartition(".")[0]
            todo |= _imported(ast.parse(path.read_text()), package)
    return sorted(seen)


def main() -> int:
    """Print the notebooks' modules with their lines, their total, and the total outside tests."""
    root = Path(".")
    imported = notebook_modules(root)
    if not imported:
        print("no solution notebooks here: run this from the repository root", file=sys.stderr)
        return 1
    for path in imported:
        print(f"{code_lines(path):6d}  {path}")
    skip = {"tests", "build", "dist", "node_modules"}
    everything = [
        p
        for p in sorted(root.rglob("*.py"))
        if not (set(p.parts) & skip or p.parts[0].startswith("."))
    ]
    print(f"notebook_imported_lines: {sum(map(code_lines, imported))} in {len(imported)} files")
    print(
        f"python_lines_outside_tests: {sum(map(code_lines, everything))} in {len(everything)} files"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
