"""The graded exercises as every tool and test finds them, and the numbers their checks compare.

An exercise is a solution cell (nbgrader ``solution``, its ``grade_id`` the function's name)
and its check cell, the next cell nbgrader grades. Its stored answers and cases are in
``tests/exercises/<name>/``: ``right_*.py`` (``# expect: pass``), ``wrong_*.py`` (first line
``# hint: <the hint>`` for a mistake the check recognises by its results, ``# expect: <part
of the message>`` for one its type and argument checks catch) and ``cases.json`` (the
``public`` cases, which the package holds, and the ``hidden`` ones, the grader's own).

``python -m tools.exercises`` writes, from the solution notebooks and those files,
``l10_utils/checks/data/<name>.json`` (the public cases, the solution's results where no
independent reference exists, and each hinted mistake's results) and the hidden cases into
each check cell's ``### BEGIN HIDDEN TESTS`` region of the solution notebook (nbgrader keeps
them from the release; ``tools.otter_export`` puts them into the Otter tests). ``--check``
writes nothing and exits 1, naming what is stale. ``python -m tools.release`` runs it too.
"""

from __future__ import annotations

import argparse
import json
import pprint
import re
import sys
from collections.abc import Iterator, Mapping
from pathlib import Path

import nbformat

SOLUTIONS = Path("notebooks/solutions")
ANSWERS = Path("tests/exercises")
DATA = Path("l10_utils/checks/data")
HINT, EXPECT = "# hint: ", "# expect: "
_MARKER = re.compile(r"^[ \t]*### (BEGIN|END) SOLUTION[ \t]*\n?", re.MULTILINE)
_HIDDEN = re.compile(r"\n?### BEGIN HIDDEN TESTS\n.*?### END HIDDEN TESTS\n?", re.DOTALL)


def nbgrader_role(cell: Mapping) -> dict:
    """The cell's nbgrader metadata ({} for a cell nbgrader does not grade or lock)."""
    return cell.get("metadata", {}).get("nbgrader", {})


def exercise_cells(nb: Mapping) -> Iterator[tuple[str, int, int]]:
    """Yield (function name, solution cell index, check cell index) of each graded exercise:
    the check cell is the next cell that nbgrader grades. Works on nbformat and plain JSON."""
    cells = nb["cells"]
    for i, cell in enumerate(cells):
        if nbgrader_role(cell).get("solution"):
            j = next(k for k in range(i + 1, len(cells)) if nbgrader_role(cells[k]).get("grade"))
            yield nbgrader_role(cell)["grade_id"], i, j


def source(cell: Mapping) -> str:
    text = cell["source"]
    return text if isinstance(text, str) else "".join(text)


def solution_code(cell_source: str) -> str:
    """A solution cell's code as a student would type it: the solution markers dropped."""
    return _MARKER.sub("", cell_source)


def check_call(cell_source: str) -> str:
    """A check cell without its hidden tests: the one call a student sees."""
    return _HIDDEN.sub("\n", cell_source).strip()


def hidden_tests(cell_source: str) -> str:
    """The code of a check cell's hidden tests ("" if it has none)."""
    match = _HIDDEN.search(cell_source)
    return "" if match is None else "\n".join(match.group(0).strip().splitlines()[1:-1])


def solutions(root: Path = Path(".")) -> dict[str, tuple[Path, int, int]]:
    """{exercise: (its solution notebook, solution cell index, check cell index)}."""
    found = {}
    for path in sorted((root / SOLUTIONS).glob("*.ipynb")):
        for name, i, j in exercise_cells(json.loads(path.read_text())):
            found[name] = (path, i, j)
    return found


def answer_kind(path: Path) -> tuple[str, str]:
    """(``"hint"`` or ``"expect"``, its text) from a stored answer's first line."""
    first = path.read_text().partition("\n")[0]
    for kind, prefix in (("hint", HINT), ("expect", EXPECT)):
        if first.startswith(prefix):
            return kind, first.removeprefix(prefix)
    raise ValueError(f"{path}: the first line must be '{HINT}...' or '{EXPECT}...'")


def load(code: str, name: str, place: str = "<answer>"):
    """Run an answer's code as its solution cell would (torch, F and nn imported): its function."""
    import torch
    import torch.nn.functional as F
    from torch import nn

    namespace = {"torch": torch, "F": F, "nn": nn}
    exec(compile(code, place, "exec"), namespace)
    return namespace[name]


def results(name: str, fn, cases: list[dict]) -> list:
    """``fn``'s results on the cases as its check compares them (None where it fails)."""
    from l10_utils.checks import EXERCISES
    from l10_utils.checks._engine import call

    ex, out = EXERCISES[name], []
    for case in cases:
        args = ex.inputs(case)
        try:
            out.append(ex.result(call(fn, name, args), args, ""))
        except (AssertionError, NotImplementedError):
            out.append(None)
    return out


def build(name: str, root: Path = Path(".")) -> tuple[dict, dict]:
    """(the package's data, the hidden cases' data) of exercise ``name``."""
    folder = root / ANSWERS / name
    cases = json.loads((folder / "cases.json").read_text())
    path, i, _ = solutions(root)[name]
    solution = load(solution_code(source(json.loads(path.read_text())["cells"][i])), name)
    public, hidden = {"cases": cases["public"]}, {"cases": cases["hidden"]}
    for data in (public, hidden):  # the solution's numbers
        data["expected"] = results(name, solution, data["cases"])
        if None in data["expected"]:
            raise ValueError(f"{name}: the solution fails its own check on {data['cases']}")
    mistakes = []
    for wrong in sorted(folder.glob("wrong_*.py")):
        kind, hint = answer_kind(wrong)
        if kind == "hint":
            fn = load(wrong.read_text(), name, str(wrong))
            mistakes.append({"hint": hint, "outputs": results(name, fn, cases["public"])})
    public["mistakes"] = mistakes
    return public, hidden


def data_text(data: dict) -> str:
    """The JSON of a data file: one case or one mistake a line, so that a diff reads."""
    lines = ["{"]
    for k, (key, value) in enumerate(data.items()):
        items = ",\n  ".join(json.dumps(v, ensure_ascii=False) for v in value)
        lines.append(f' "{key}": [\n  {items}\n ]' + ("," if k < len(data) - 1 else ""))
    return "\n".join(lines) + "\n}\n"


def with_hidden(check_source: str, name: str, hidden: dict) -> str:
    """The check cell's source with the hidden cases ``hidden`` as its hidden tests: one line,
    so that the grader's data adds one line, not a page, to the notebook's code."""
    blob = pprint.pformat(hidden, width=sys.maxsize, sort_dicts=False)
    return (
        f"{check_call(check_source)}\n### BEGIN HIDDEN TESTS\n"
        f"check_{name}({name}, hidden={blob})  # noqa: E501\n### END HIDDEN TESTS"
    )


def render(root: Path = Path(".")) -> dict[Path, str]:
    """{path: text} of every data file, and of every solution notebook with its hidden tests."""
    out: dict[Path, str] = {}
    notebooks: dict[Path, nbformat.NotebookNode] = {}
    for name, (path, _, j) in solutions(root).items():
        public, hidden = build(name, root)
        out[root / DATA / f"{name}.json"] = data_text(public)
        nb = notebooks.setdefault(path, nbformat.read(path, 4))
        nb.cells[j].source = with_hidden(nb.cells[j].source, name, hidden)
    for path, nb in notebooks.items():
        out[path] = nbformat.writes(nb) + "\n"
    return out


def stale(root: Path = Path(".")) -> list[Path]:
    """The files ``render`` would change (a notebook compared as a parsed notebook)."""
    found = []
    for path, text in render(root).items():
        if not path.is_file():
            found.append(path)
        elif path.suffix == ".ipynb":
            if nbformat.reads(path.read_text(), 4) != nbformat.reads(text, 4):
                found.append(path)
        elif path.read_text() != text:
            found.append(path)
    return found


def main(argv: list[str] | None = None) -> int:
    """Write the exercises' stored numbers and hidden tests, or ``--check`` them."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only check; exit 1 if stale")
    parser.add_argument("--root", type=Path, default=Path("."), help="repository root")
    args = parser.parse_args(argv)
    if args.check:
        old = stale(args.root)
        for path in old:
            print(f"stale: {path} (run: python -m tools.exercises)")
        return 1 if old else 0
    (args.root / DATA).mkdir(parents=True, exist_ok=True)
    for path, text in render(args.root).items():
        if not path.is_file() or path.read_text() != text:
            path.write_text(text)
            print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
