"""Generate the student notebooks from the solution notebooks.

``python -m tools.release`` reads ``notebooks/solutions/*.ipynb`` and writes
``notebooks/student/*.ipynb``: every ``### BEGIN SOLUTION`` / ``### END SOLUTION`` region
becomes ``# YOUR CODE HERE`` + ``raise NotImplementedError()`` (as nbgrader's
``generate_assignment`` does), ``### BEGIN HIDDEN TESTS`` / ``### END HIDDEN TESTS``
regions are removed, cells tagged ``worked-answer`` (the solution notebooks' worked answers
to their questions) are left out, outputs and execution counts are cleared, nbgrader
metadata is kept.
It also writes the Colab set-up cell (the first code cell of every notebook) from
``pyproject.toml``: the repository address (``[project.urls] Repository``) and the release
tag ``v<version>`` (``[project] version``), so that a notebook installs the code of its own
release, never whatever ``main`` holds later. ``--check`` writes nothing and exits 1,
naming the files, when the committed release, a Colab cell or the exercises' stored numbers
(``tools.exercises``, which this runs first) are stale. The Otter-Grader autograders come
from ``python -m tools.otter_export DIR``, which uses this module.

``python -m tools.release --student DIR`` writes the *student edition* into ``DIR``, the
public repository that ``[project.urls] Repository`` names and that the Colab cells install
from: the student notebooks, the ``l10_utils`` package with its data, a student README and
pyproject, the data folder's README, the licences and the docs page the notebooks link to.
It holds no solution, worked answer, stored answer, hidden case or instructors' tool: this
repository, the instructors' edition, stays private (docs/instructors.md).
"""

from __future__ import annotations

import argparse
import re
import shutil
import sys
from pathlib import Path

try:
    import nbformat
except ImportError:  # pragma: no cover - the message is the point
    raise ImportError(
        "the release tool needs nbformat: pip install -e '.[release]' (or '.[test]')"
    ) from None

from . import exercises, translations

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

SOLUTIONS = Path("notebooks/solutions")
STUDENT = Path("notebooks/student")
ZH = Path("notebooks/zh")  # the Chinese edition: zh/solutions, zh/student (tools.translations)
COLAB_MARKER = "# Colab set-up"
WORKED_ANSWER = "worked-answer"  # the tag of a cell for instructors only
BRANCH = "main"  # the README's Colab badges open the notebooks of this branch


def _project(root: Path) -> dict:
    return tomllib.loads((root / "pyproject.toml").read_text())["project"]


def release_tag(root: Path = Path(".")) -> str:
    """Return the git tag of this release, ``v<version>`` with the version from pyproject.toml."""
    version = _project(root).get("version", "")
    if not re.fullmatch(r"\d+\.\d+\.\d+", version):
        raise ValueError(f"pyproject.toml [project] version must be like 1.2.3, got {version!r}")
    return f"v{version}"


def repository_url(root: Path = Path(".")) -> str:
    """Return the repository address from ``[project.urls] Repository`` in pyproject.toml."""
    project = _project(root)
    url = project.get("urls", {}).get("Repository", "")
    if not re.fullmatch(r"https://github\.com/[\w.-]+/[\w.-]+", url):
        raise ValueError(
            f"pyproject.toml [project.urls] Repository must be https://github.com/OWNER/REPO, "
            f"got {url!r}"
        )
    return url


def colab_cell_source(url: str, tag: str) -> str:
    """Return the set-up cell: installs l10_utils at release ``tag`` in Colab, nothing elsewhere.

    Only l10_utils is new to Colab: its runtime requirements are satisfied by what Colab
    ships (tests/test_packaging.py), so pip installs nothing else and upgrades nothing.
    """
    return (
        f"{COLAB_MARKER}: in Google Colab, install l10_utils (release {tag}) from the course\n"
        "# repository; Colab already has everything else. Elsewhere this cell does nothing.\n"
        "import sys\n"
        "\n"
        'if "google.colab" in sys.modules:\n'
        f'    %pip install -q "l10-utils @ git+{url}@{tag}"'
    )


def colab_url(url: str, notebook: Path) -> str:
    """Return the "Open in Colab" address of a notebook of the repository at ``url``."""
    return f"https://colab.research.google.com/github/{url.removeprefix('https://github.com/')}/blob/{BRANCH}/{notebook.as_posix()}"


def with_colab_cell(
    nb: nbformat.NotebookNode, url: str, tag: str, name: str
) -> nbformat.NotebookNode:
    """Return a copy of ``nb`` with the Colab set-up cell and docs links for ``url`` at ``tag``."""
    nb = nbformat.from_dict(nb)
    first = next((c for c in nb.cells if c.cell_type == "code"), None)
    if first is None or not first.source.startswith(COLAB_MARKER):
        raise ValueError(
            f"{name}: the first code cell must be the Colab set-up cell ({COLAB_MARKER} ...)"
        )
    first.source = colab_cell_source(url, tag)
    for cell in nb.cells:  # a relative link would resolve against colab.research.google.com
        if cell.cell_type == "markdown":
            cell.source = _DOCS_LINK.sub(f"]({url}/blob/{tag}/docs/", cell.source)
    return nb


#: A Markdown link into the repository's docs/: relative, or at some release on GitHub.
_DOCS_LINK = re.compile(r"\]\((?:\.\./\.\./|https://github\.com/[\w.-]+/[\w.-]+/blob/[^/)]+/)docs/")


#: A ``### BEGIN SOLUTION`` ... ``### END SOLUTION`` region: its indent, body and line end (the
#: Otter export rewrites the same regions).
SOLUTION_REGION = re.compile(
    r"^(?P<indent>[ \t]*)### BEGIN SOLUTION[ \t]*\n(?P<body>.*?)"
    r"^[ \t]*### END SOLUTION[ \t]*(?P<end>\n|$)",
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

    return _HIDDEN.sub("", SOLUTION_REGION.sub(stub, source)).rstrip("\n")


def student_version(solution: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Return the student notebook for a solution notebook (a new object)."""
    nb = nbformat.from_dict(solution)
    nb.cells = [c for c in nb.cells if WORKED_ANSWER not in c.metadata.get("tags", [])]
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
    """Return ``{notebook path: its JSON text}``: solutions with their Colab cell, and students."""
    sources = sorted((root / SOLUTIONS).glob("*.ipynb"))
    if not sources:
        raise FileNotFoundError(
            f"no solution notebooks in {root / SOLUTIONS}: run this from the repository root "
            "or pass --root"
        )
    url, tag = repository_url(root), release_tag(root)
    out = {}
    for path in sources:
        solution = with_colab_cell(nbformat.read(path, 4), url, tag, path.name)
        # Saved widget state (progress bars, explorers' current frames) is not kept: without it
        # every viewer shows the outputs' text and PNG fallbacks, which carry the lesson.
        solution.metadata.pop("widgets", None)
        out[path] = nbformat.writes(solution) + "\n"
        out[root / STUDENT / path.name] = nbformat.writes(student_version(solution)) + "\n"
        po = translations.load(path.stem, root)
        if not translations.problems(solution, po, path.stem):  # else --check names them
            zh = translations.translated(solution, po)
            out[root / ZH / SOLUTIONS.name / path.name] = nbformat.writes(zh) + "\n"
            out[root / ZH / STUDENT.name / path.name] = nbformat.writes(student_version(zh)) + "\n"
    return out


def _differs(path: Path, text: str) -> bool:
    """Whether ``path`` is missing or holds another notebook than ``text``.

    Student notebooks are compared to the letter. Solution notebooks are compared as parsed
    notebooks: the release only rewrites their Colab cell, and a notebook saved by hand in
    another JSON layout is still up to date.
    """
    if not path.is_file():
        return True
    if path.parent.name == STUDENT.name:
        return path.read_text() != text
    return nbformat.reads(path.read_text(), 4) != nbformat.reads(text, 4)


def stale_files(root: Path = Path(".")) -> list[Path]:
    """Return the notebooks the release would change, and student notebooks with no solution."""
    wanted = render(root)
    stale = [path for path, text in wanted.items() if _differs(path, text)]
    written = [root / STUDENT, root / ZH / SOLUTIONS.name, root / ZH / STUDENT.name]
    extra = [p for d in written for p in sorted(d.glob("*.ipynb")) if p not in wanted]
    return stale + extra


#: Files of this repository that the student edition carries as they are.
STUDENT_EDITION_FILES = (
    "LICENSE",
    "LICENSE-notebooks.md",
    "data/README.md",
    "docs/same-verdicts.md",
)
BADGE = "https://colab.research.google.com/assets/colab-badge.svg"
_IGNORED = (
    ".venv/",
    "__pycache__/",
    "*.egg-info/",
    ".ipynb_checkpoints/",
    "data/*",
    "!data/README.md",
)
_EDITION_MARK = ".l10-student-edition"  # a folder the tool wrote, so it may write it again


def _student_pyproject(root: Path) -> str:
    """The student edition's pyproject.toml: the package, its runtime and the JupyterLab extra."""
    project, url = _project(root), repository_url(root)
    dependencies = "".join(f'    "{d}",\n' for d in project["dependencies"])
    lab = "".join(f'    "{d}",\n' for d in project["optional-dependencies"]["lab"])
    return (
        '[build-system]\nrequires = ["setuptools>=77"]\nbuild-backend = "setuptools.build_meta"\n\n'
        f'[project]\nname = "{project["name"]}"\nversion = "{project["version"]}"\n'
        f'description = "{project["description"]}"\nreadme = "README.md"\n'
        f'license = "{project["license"]}"\nlicense-files = ["LICENSE", "LICENSE-notebooks.md"]\n'
        f'requires-python = "{project["requires-python"]}"\ndependencies = [\n{dependencies}]\n\n'
        f'[project.urls]\nRepository = "{url}"\n\n'
        f"[project.optional-dependencies]\nlab = [\n{lab}]\n\n"
        '[tool.setuptools]\npackages = ["l10_utils", "l10_utils.checks"]\n\n'
        '[tool.setuptools.package-data]\n"l10_utils.checks" = ["data/*.json"]\n'
        '"l10_utils" = ["locale/*/LC_MESSAGES/*.po"]\n'
    )


def _notebook_rows(root: Path, written: dict[Path, str], folder: Path) -> list[str]:
    """The README's table rows of the student notebooks in ``folder``: title and Colab badge."""
    url, rows = repository_url(root), []
    for path in sorted(p for p in written if p.parent == folder):
        nb = nbformat.reads(written[path], 4)
        title = next(c.source for c in nb.cells if c.cell_type == "markdown").splitlines()[0]
        badge = f"[![Open in Colab]({BADGE})]({colab_url(url, path)})"
        rows.append(f"| [{title.lstrip('# ')}]({path.as_posix()}) | {badge} |")
    return rows


def _student_readme(root: Path, written: dict[Path, str]) -> str:
    """The student edition's README: what it is, the notebooks with their Colab links (English,
    then Chinese), set-up."""
    zh = _notebook_rows(root, written, ZH / STUDENT.name)
    chinese = (
        "## 中文版 (the Chinese edition)\n\n同样的笔记本，讲解和检查信息为中文，代码相同，评分方式"
        "相同：\n\n| 笔记本 | Colab |\n|---|---|\n" + "\n".join(zh) + "\n\n"
    ) if zh else ""  # fmt: skip
    return (
        "# L2 regularization for neural networks: course notebooks (STAT 453, lecture 10.4)\n\n"
        "Four notebooks of one sitting each and an optional fifth, for students. Open one in "
        "Google Colab (the badge; its first cell installs what it needs) or in JupyterLab on "
        "your computer, run it from the top, and write the exercises in the cells that say "
        "`# YOUR CODE HERE`: the locked cell under each one checks your function and prints "
        "one ✓ line, or a hint about what to revisit.\n\n"
        "| notebook | Colab |\n|---|---|\n"
        + "\n".join(_notebook_rows(root, written, STUDENT)) + "\n\n" + chinese +
        "## JupyterLab on your computer\n\n"
        "With Python 3.10 to 3.13 (the first install downloads PyTorch, about 3 GB):\n\n"
        '```bash\npython3 -m venv .venv && .venv/bin/pip install -e ".[lab]" '
        "&& .venv/bin/jupyter lab notebooks/\n```\n\n"
        "The notebooks run offline on a laptop's CPU; `data/README.md` says where the digits "
        "come from. Licences: `LICENSE` (code) and `LICENSE-notebooks.md` (text and figures).\n"
    )  # fmt: skip


def student_edition(out: Path, root: Path = Path(".")) -> list[Path]:
    """Write the student edition into ``out`` (empty, or written by this tool before); return
    its files."""
    if out.exists() and any(out.iterdir()) and not (out / _EDITION_MARK).is_file():
        raise FileExistsError(
            f"{out} is not empty and not a student edition this tool wrote: give an empty folder"
        )
    shutil.rmtree(out, ignore_errors=True)
    written = {path.relative_to(root): text for path, text in render(root).items()
               if path.parent.name == STUDENT.name}  # fmt: skip
    for path, text in written.items():  # the student notebooks, English and Chinese
        (out / path).parent.mkdir(parents=True, exist_ok=True)
        (out / path).write_text(text)
    package = root / "l10_utils"
    for path in sorted(package.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            target = out / path.relative_to(root)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(path, target)
    for name in STUDENT_EDITION_FILES:
        (out / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(root / name, out / name)
    (out / "pyproject.toml").write_text(_student_pyproject(root))
    (out / "README.md").write_text(_student_readme(root, written))
    (out / ".gitignore").write_text(
        ".venv/\n__pycache__/\n*.egg-info/\n.ipynb_checkpoints/\ndata/*\n!data/README.md\n"
    )
    (out / _EDITION_MARK).write_text("the student edition of the course notebooks (generated)\n")
    return sorted(p for p in out.rglob("*") if p.is_file())


def main(argv: list[str] | None = None) -> int:
    """Write the student release (and the exercises' stored numbers and hidden tests), or with
    ``--check`` report whether everything is up to date."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only check; exit 1 if stale")
    parser.add_argument("--root", type=Path, default=Path("."), help="repository root")
    parser.add_argument("--student", type=Path, metavar="DIR",
                        help="write the student edition (the public one) to DIR")  # fmt: skip
    args = parser.parse_args(argv)
    if args.student is not None:
        files = student_edition(args.student, args.root)
        print(f"wrote the student edition, {len(files)} files, into {args.student}")
        return 0
    untranslated = translations.all_problems(args.root)
    if args.check:
        stale = [*exercises.stale(args.root), *stale_files(args.root)]
        for line in untranslated:
            print(f"Chinese edition: {line}")
        if stale:
            print("stale: " + ", ".join(map(str, stale)))
            print("regenerate with: python -m tools.release")
        if untranslated:
            print("update the catalogues with: python -m tools.translations --update, translate, "
                  "then python -m tools.release")
        if stale or untranslated:
            return 1
        print("student release, Chinese edition and exercise data are up to date")
        return 0
    exercises.main(["--root", str(args.root)])  # the hidden tests are in the solution notebooks
    wanted = render(args.root)
    for path, text in wanted.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        if not path.is_file() or path.read_text() != text:
            path.write_text(text)
            print(f"wrote {path}")
    folders = [args.root / STUDENT, args.root / ZH / SOLUTIONS.name, args.root / ZH / STUDENT.name]
    for path in sorted(p for d in folders for p in d.glob("*.ipynb")):
        if path not in wanted:
            path.unlink()
            print(f"removed {path} (no solution notebook of that name, or no translation)")
    for line in untranslated:
        print(f"Chinese edition not written: {line}")
    return 1 if untranslated else 0


if __name__ == "__main__":
    sys.exit(main())
