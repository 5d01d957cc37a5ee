"""What the website's build puts on its pages, checked on its sources without building (fast).

The public pages are the student release with the reference run's outputs, never a solution,
a worked answer or an exercise cell's output; the instructors' edition has them all; every
link of the README and the docs pages points at a page of the site or at the repository.
"""

from __future__ import annotations

import math
import re
from pathlib import Path

import nbformat
import pytest
from notebook_files import ROOT, SOLUTIONS

from tools.release import WORKED_ANSWER, colab_url, repository_url, student_version
from tools.site import (
    STUDENT,
    WIDGET_VIEW,
    WORDS_PER_MINUTE,
    instructor_notebook,
    is_exercise_cell,
    measured_run_times,
    prose_words,
    public_notebook,
    reading_time,
    rewrite_links,
    shown_outputs,
    stage,
)

NAMES = [path.stem for path in SOLUTIONS]


@pytest.fixture(scope="module")
def staged(tmp_path_factory: pytest.TempPathFactory) -> dict[bool, Path]:
    """The site's sources as the build stages them: {instructor: folder}."""
    folders = {}
    for instructor in (False, True):
        folders[instructor] = tmp_path_factory.mktemp("site-src") / "src"
        stage(ROOT, folders[instructor], instructor)
    return folders


@pytest.mark.parametrize("path", SOLUTIONS, ids=NAMES)
def test_public_page_is_the_student_release_with_the_reference_outputs(path):
    solution = nbformat.read(path, 4)
    page, student = public_notebook(solution), student_version(solution)
    assert [c.source for c in page.cells] == [c.source for c in student.cells]
    stored = {c.id: c for c in solution.cells}
    for cell in page.cells:
        assert WORKED_ANSWER not in cell.metadata.get("tags", [])
        assert "### BEGIN SOLUTION" not in cell.source
        if cell.cell_type != "code":
            continue
        if is_exercise_cell(cell):
            assert cell.outputs == [], f"{path.name}: an exercise cell's output is shown"
        else:
            assert cell.outputs == shown_outputs(stored[cell.id].outputs)
    assert any(c.cell_type == "code" and c.outputs for c in page.cells)


@pytest.mark.parametrize("path", SOLUTIONS, ids=NAMES)
def test_instructor_page_keeps_solutions_and_worked_answers(path):
    solution = nbformat.read(path, 4)
    page = instructor_notebook(solution)
    assert [c.source for c in page.cells] == [c.source for c in solution.cells]


def test_widgets_go_and_explorer_panels_stay():
    bar = {"output_type": "display_data", "metadata": {},
           "data": {WIDGET_VIEW: {"model_id": "x"}, "text/plain": "0%|"}}  # fmt: skip
    panel = {"output_type": "display_data", "metadata": {},
             "data": {WIDGET_VIEW: {"model_id": "y"}, "text/html": "<img alt='a'>",
                      "image/png": "iVBOR"}}  # fmt: skip
    text = {"output_type": "stream", "name": "stdout", "text": "hello\n"}
    kept = shown_outputs([nbformat.from_dict(o) for o in (bar, panel, text)])
    assert [sorted(o.get("data", {})) for o in kept] == [["image/png", "text/html"], []]


@pytest.mark.parametrize("instructor", [False, True], ids=["public", "instructor"])
def test_staged_pages_state_where_to_run_them_and_how_long(staged, instructor):
    url = repository_url(ROOT)
    run_times = measured_run_times(ROOT)
    assert set(run_times) >= set(NAMES), "docs/timings.md lost a notebook's measured time"
    for name in NAMES:
        nb = nbformat.read(staged[instructor] / "notebooks" / f"{name}.ipynb", 4)
        facts = nb.cells[1].source
        nb.cells.pop(1)
        words = prose_words(nb)
        assert colab_url(url, STUDENT / f"{name}.ipynb") in facts
        assert f'href="../student/{name}.ipynb"' in facts
        assert f"about {max(1, math.ceil(words / WORDS_PER_MINUTE))} min ({words:,} words" in facts
        assert f"about {run_times[name]:.0f} s on 2 CPU cores" in facts
        assert (staged[instructor] / "student" / f"{name}.ipynb").is_file()
        has_worked = any(WORKED_ANSWER in c.metadata.get("tags", []) for c in nb.cells)
        assert has_worked == (
            instructor
            and any(
                WORKED_ANSWER in c.metadata.get("tags", [])
                for c in nbformat.read(ROOT / "notebooks" / "solutions" / f"{name}.ipynb", 4).cells
            )
        )


def test_staged_markdown_links_point_at_the_site_or_the_repository(staged):
    src = staged[False]
    url = repository_url(ROOT)
    link = re.compile(r"!?\[[^\]]*\]\(([^)\s]+)\)")
    for page in [src / "index.md", *sorted((src / "docs").glob("*.md"))]:
        text = page.read_text()
        for target in link.findall(text):
            if target.startswith(("http://", "https://")):
                assert not re.search(rf"!\[[^\]]*\]\({re.escape(target)}\)", text), (
                    f"{page.name}: an image from another site: {target}"
                )
                continue
            if target.startswith("#"):
                continue
            path = (page.parent / target.partition("#")[0]).resolve()
            assert path.is_file(), f"{page.name}: {target} is not a file of the site"
        assert url in text or page.name != "index.md"
        lines = text.splitlines()
        prose = "\n".join(lines[:2] + lines[3:]).split("\n```{toctree}")[0]
        assert lines[2] == reading_time(len(prose.split())).strip(), page.name
    index = (src / "index.md").read_text()
    for name in NAMES:
        assert f"notebooks/{name}.ipynb" in index and f"notebooks/{name}\n" in index


def test_a_notebook_link_to_a_released_doc_points_at_its_page_on_the_site():
    url = repository_url(ROOT)
    notebook = SOLUTIONS[0].relative_to(ROOT)
    pages = {notebook: Path("notebooks/x.ipynb"), Path("docs/same-verdicts.md"): Path("docs/s.md")}
    text = f"[a]({url}/blob/v9.9.9/docs/same-verdicts.md#b), [c]({url}/blob/v9.9.9/docs/other.md)"
    assert rewrite_links(text, notebook, pages, url) == (
        f"[a](../docs/s.md#b), [c]({url}/blob/v9.9.9/docs/other.md)"
    )
