"""Build the course website: the five notebooks, the README and three docs pages, offline.

``python -m tools.site`` writes the public site to ``build/site/`` (open
``build/site/index.html``, or serve the folder: ``python -m http.server -d build/site``);
``--instructor`` writes the instructors' edition, with the solutions and worked answers, to
``build/site-instructor/``. The engine is Jupyter Book 1's (Sphinx, MyST-NB and
sphinx-book-theme; ``pip install -e ".[site]"``), and MathJax comes from npm (``npm ci`` of
``site/package-lock.json``): every file a page loads is in the output folder, nothing is
fetched from a CDN when a page is viewed. No notebook is executed: the pages show the stored
outputs of the solution notebooks' reference run.

The public pages are the student release (``tools.release.student_version``: solutions
stubbed, worked answers left out) with the solution notebooks' stored outputs, except those
of the exercises' solution and check cells. docs/site.md says why this tool and how to
publish.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import nbformat

from tools.release import (
    SOLUTIONS,
    STUDENT,
    colab_url,
    release_tag,
    repository_url,
    student_version,
    with_colab_cell,
)

SITE_CONFIG = Path("site")  # conf.py, _static/, package.json and its lock
README = Path("README.md")
#: The docs pages the site shows, beside the README (as the landing page) and the notebooks.
DOCS_PAGES = (
    Path("docs/instructors.md"),
    Path("docs/accessibility.md"),
    Path("docs/same-verdicts.md"),
)
TIMINGS = Path("docs/timings.md")  # the notebooks' measured run times (tools.bench --notebooks)
WORDS_PER_MINUTE = 200  # a reading speed for technical prose
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
LAB_URL = "http://localhost:8888/lab/tree/student/{name}"  # README: jupyter lab notebooks/
BRANCH = "main"


# ------------------------------------------------------------------------------ notebooks
def is_exercise_cell(cell: nbformat.NotebookNode) -> bool:
    """Whether a cell is an exercise's solution cell or its check cell (nbgrader metadata)."""
    meta = cell.metadata.get("nbgrader", {})
    return bool(meta.get("solution") or meta.get("grade"))


def shown_outputs(outputs: list) -> list:
    """The outputs a static page shows: widget views go (no kernel, no saved widget state).

    An output that is only a widget (a progress bar) is dropped; one that also carries HTML or
    a PNG (an explorer's static panel) keeps those.
    """
    shown = []
    for output in outputs:
        data = output.get("data")
        if data is not None and WIDGET_VIEW in data:
            data = {k: v for k, v in data.items() if k != WIDGET_VIEW}
            if not set(data) - {"text/plain"}:
                continue
            output = nbformat.from_dict({**output, "data": data})
        shown.append(output)
    return shown


def public_notebook(solution: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """The public page of a notebook: the student release's cells with the stored outputs.

    The cells are ``student_version``'s (solution regions stubbed, worked answers left out);
    each code cell gets the outputs the solution notebook stored for it (matched by cell id),
    except an exercise's solution and check cells, whose outputs would show the answer.
    """
    student = student_version(solution)
    stored = {cell.get("id"): cell for cell in solution.cells}
    for cell in student.cells:
        if cell.cell_type != "code":
            continue
        source = stored[cell.id]
        if is_exercise_cell(source):
            cell.outputs = []
        else:
            cell.outputs = shown_outputs(source.get("outputs", []))
            cell.execution_count = source.get("execution_count")
    return student


def instructor_notebook(solution: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """The instructors' page: the solution notebook whole, worked answers and outputs kept."""
    nb = nbformat.from_dict(solution)
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs = shown_outputs(cell.get("outputs", []))
    return nb


def prose_words(nb: nbformat.NotebookNode) -> int:
    """Words of a notebook's markdown cells, counted as the notebooks' word budget counts them."""
    return sum(len(cell.source.split()) for cell in nb.cells if cell.cell_type == "markdown")


def measured_run_times(root: Path) -> dict[str, float]:
    """Each notebook's measured run time in seconds, from docs/timings.md's bench table."""
    path = root / TIMINGS
    if not path.is_file():
        return {}
    rows = re.findall(r"^(\d\d_\w+)\s+([\d.]+)\s", path.read_text(), re.MULTILINE)
    return {name: float(seconds) for name, seconds in rows}


def reading_time(words: int) -> str:
    """The reading-time block of a page of ``words`` words of prose."""
    minutes = max(1, math.ceil(words / WORDS_PER_MINUTE))
    return (
        f'<div class="l10-page-facts"><p><strong>Reading time:</strong> about {minutes} min '
        f"({words:,} words at {WORDS_PER_MINUTE} words per minute).</p></div>\n"
    )


def page_facts(name: str, nb: nbformat.NotebookNode, url: str, run_s: float | None) -> str:
    """The HTML block at the top of a notebook's page: where to run it, reading and run time."""
    words = prose_words(nb)
    minutes = max(1, math.ceil(words / WORDS_PER_MINUTE))
    student = STUDENT / f"{name}.ipynb"
    timings = f"{url}/blob/{BRANCH}/{TIMINGS.as_posix()}"
    if run_s is None:
        run = "not measured yet (<code>python -m tools.bench --notebooks</code> measures it)"
    else:
        run = (
            f"about {run_s:.0f} s on 2 CPU cores, kernel start included "
            f'(<code>python -m tools.bench --notebooks</code>; <a href="{timings}">how long it '
            "takes</a>)"
        )
    return (
        '<div class="l10-page-facts">\n'
        f'<p><strong>Run it:</strong> <a href="{colab_url(url, student)}">open the student '
        'version in Colab</a> · <a href="../student/'
        f'{name}.ipynb" download>download it for JupyterLab</a> · <a href="'
        f'{LAB_URL.format(name=f"{name}.ipynb")}">open it in your JupyterLab</a> (started with '
        "<code>jupyter lab notebooks/</code> in a clone, on its usual port 8888)</p>\n"
        f"<p><strong>Reading time:</strong> about {minutes} min ({words:,} words of prose at "
        f"{WORDS_PER_MINUTE} words per minute). <strong>Run time:</strong> {run}.</p>\n"
        "</div>"
    )


def add_page_facts(nb: nbformat.NotebookNode, facts: str) -> nbformat.NotebookNode:
    """Insert the facts block as a markdown cell right after the notebook's title cell."""
    nb = nbformat.from_dict(nb)
    cell = nbformat.v4.new_markdown_cell(facts)
    cell.id = "l10-site-page-facts"
    nb.cells.insert(1, cell)
    return nb


# ------------------------------------------------------------------------------ markdown pages
_LINK = re.compile(r"(?P<bang>!?)\[(?P<text>(?:[^\[\]]|\[[^\]]*\])*)\]\((?P<target>[^)\s]+)\)")
_IMAGE_LINK = re.compile(r"!\[(?P<alt>[^\]]*)\]\((?P<target>https?://[^)\s]+)\)")


def rewrite_links(text: str, page: Path, pages: dict[Path, Path], url: str) -> str:
    """Rewrite a markdown page's repository links for the site.

    ``page`` is the page's path in the repository; ``pages`` maps repository files to their
    place in the site's source. A link to a file the site shows points at its page; a link to
    any other file of the repository points at it on GitHub (a link to a release's file the
    site shows, as the notebooks write them, points at its page); an image from another site
    (a badge) becomes its alt text, since the site loads nothing from elsewhere.
    """
    text = _IMAGE_LINK.sub(lambda m: m.group("alt"), text)

    def one(match: re.Match) -> str:
        target = match.group("target")
        released = re.match(
            rf"{re.escape(url)}/blob/[^/]+/(?P<path>[^#]+)(?P<anchor>#.*)?$", target
        )
        if released and Path(released["path"]) in pages:  # notebooks link docs at their release
            target = "/" + released["path"] + (released["anchor"] or "")
        elif re.match(r"[a-z]+:|#", target):
            return match.group(0)
        path, _, anchor = target.partition("#")
        if path.startswith("/"):  # from the repository's root
            repo_path = Path(path.lstrip("/"))
        else:
            repo_path = Path(os.path.normpath(page.parent / path))
        if repo_path in pages:
            rel = os.path.relpath(pages[repo_path], pages[page].parent)
            new = Path(rel).as_posix() + (f"#{anchor}" if anchor else "")
        elif match.group("bang"):
            return match.group(0)  # a local image: stage() copies it beside the page
        else:
            kind = "tree" if path.endswith("/") else "blob"
            new = f"{url}/{kind}/{BRANCH}/{repo_path.as_posix()}" + (f"#{anchor}" if anchor else "")
        return f"{match.group('bang')}[{match.group('text')}]({new})"

    return _LINK.sub(one, text)


def local_images(text: str) -> list[str]:
    """The local image paths a markdown page shows."""
    return [
        m.group("target")
        for m in _LINK.finditer(text)
        if m.group("bang") and not re.match(r"[a-z]+:", m.group("target"))
    ]


def toctree(caption: str, entries: list[str]) -> str:
    """A hidden MyST toctree: the sidebar's navigation."""
    lines = "\n".join(entries)
    return f"\n```{{toctree}}\n:hidden:\n:caption: {caption}\n\n{lines}\n```\n"


# ------------------------------------------------------------------------------ staging
def stage(root: Path, src: Path, instructor: bool) -> list[str]:
    """Write the site's sources to ``src``; return the notebooks' page names."""
    if src.exists():
        shutil.rmtree(src)
    (src / "notebooks").mkdir(parents=True)
    (src / "student").mkdir()
    url, tag = repository_url(root), release_tag(root)
    run_times = measured_run_times(root)
    notebooks = sorted((root / SOLUTIONS).glob("*.ipynb"))
    names = [path.stem for path in notebooks]
    pages: dict[Path, Path] = {README: Path("index.md")}
    for doc in DOCS_PAGES:
        pages[doc] = doc
    for path in notebooks:
        for folder in (SOLUTIONS, STUDENT):
            pages[folder / path.name] = Path("notebooks") / path.name
    for path in notebooks:
        name = path.stem
        solution = with_colab_cell(nbformat.read(path, 4), url, tag, path.name)
        solution.metadata.pop("widgets", None)
        page = instructor_notebook(solution) if instructor else public_notebook(solution)
        for cell in page.cells:
            if cell.cell_type == "markdown":
                cell.source = rewrite_links(cell.source, SOLUTIONS / path.name, pages, url)
        page = add_page_facts(page, page_facts(name, page, url, run_times.get(name)))
        nbformat.write(page, src / "notebooks" / f"{name}.ipynb")
        # the file the page's download link gives: the student release itself
        nbformat.write(student_version(solution), src / "student" / f"{name}.ipynb")
    for repo_page, site_page in pages.items():
        if site_page.suffix != ".md":
            continue
        text = (root / repo_page).read_text()
        for image in local_images(text):
            image_path = Path(os.path.normpath(repo_page.parent / image))
            destination = src / site_page.parent / image
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(root / image_path, destination)
        text = rewrite_links(text, repo_page, pages, url)
        title, _, body = text.partition("\n")
        text = f"{title}\n\n{reading_time(len(text.split()))}\n{body}"
        if site_page == Path("index.md"):
            text += toctree("Notebooks", [f"notebooks/{n}" for n in names])
            text += toctree("Guides", [d.with_suffix("").as_posix() for d in DOCS_PAGES])
        (src / site_page).parent.mkdir(parents=True, exist_ok=True)
        (src / site_page).write_text(text)
    shutil.copy(root / SITE_CONFIG / "conf.py", src / "conf.py")
    shutil.copytree(root / SITE_CONFIG / "_static", src / "_static")
    (src / "site.json").write_text(
        json.dumps({"repository": url, "instructor": instructor, "release": tag}, indent=1)
    )
    return names


def npm_assets(root: Path, build: Path) -> Path:
    """Install the pages' JavaScript from the npm registry (``npm ci``); return MathJax's folder."""
    npm_dir = build / "site-npm"
    lock = root / SITE_CONFIG / "package-lock.json"
    installed = npm_dir / "package-lock.json"
    mathjax = npm_dir / "node_modules" / "mathjax" / "es5"
    if not (installed.is_file() and installed.read_text() == lock.read_text() and mathjax.is_dir()):
        npm = shutil.which("npm")
        if npm is None:
            raise SystemExit("the site needs npm (Node.js) for MathJax: apt-get install -y npm")
        npm_dir.mkdir(parents=True, exist_ok=True)
        shutil.copy(root / SITE_CONFIG / "package.json", npm_dir / "package.json")
        shutil.copy(lock, installed)
        subprocess.run(
            [npm, "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=npm_dir, check=True
        )
    return mathjax


def build(root: Path = Path("."), out: Path | None = None, instructor: bool = False) -> Path:
    """Build the site into ``out`` (default build/site or build/site-instructor); return it."""
    root = root.resolve()
    build_dir = root / "build"
    out = (out or build_dir / ("site-instructor" if instructor else "site")).resolve()
    src = build_dir / ("site-src-instructor" if instructor else "site-src")
    mathjax = npm_assets(root, build_dir)
    stage(root, src, instructor)
    shutil.copytree(mathjax, src / "_static" / "mathjax")
    try:
        from sphinx.cmd.build import build_main
    except ImportError:
        raise SystemExit('the site needs its tools: pip install -e ".[site]"') from None
    if out.exists():
        shutil.rmtree(out)
    # -W: a warning (a broken reference, an unknown output) fails the build; -E: fresh
    status = build_main(["-b", "html", "-E", "-W", "--keep-going", "-q", str(src), str(out)])
    if status:
        raise SystemExit(f"sphinx-build failed ({status}): see the messages above")
    shutil.copytree(src / "student", out / "student")
    return out


def main(argv: list[str] | None = None) -> int:
    """Build the site (``--instructor``: the edition with the solutions)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--instructor",
        action="store_true",
        help="the instructors' edition, with solutions and worked answers (never publish it)",
    )
    parser.add_argument("--out", type=Path, help="output folder (default build/site[-instructor])")
    parser.add_argument("--root", type=Path, default=Path("."), help="repository root")
    args = parser.parse_args(argv)
    start = time.perf_counter()
    out = build(args.root, args.out, args.instructor)
    seconds = time.perf_counter() - start
    print(f"site built in {seconds:.0f} s: {out / 'index.html'}")
    print(f"view it: python -m http.server -d {out} 8000, then open http://localhost:8000")
    return 0


if __name__ == "__main__":
    sys.exit(main())
