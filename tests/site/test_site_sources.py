"""What the website's build puts on its pages, checked on its sources without building (fast).

The public pages are the student release with the reference run's outputs, never a solution,
a worked answer or an exercise cell's output; the instructors' edition has them all; every
link of the README and the docs pages points at a page of the site or at the repository. The
start page is for students (issue 35): each notebook's title, learning goals, reading and run
time, Colab and download links, taken from the notebooks themselves; the README is the About
page; the last notebook's "Next" is not the instructors' page; each figure is a PNG file that
its page links at full size. The Chinese edition (issue 37) is staged the same way from
notebooks/zh: its pages are the Chinese student release with the stored outputs, its start page
says what each notebook teaches (学习目标), how long it takes and where to run it, in Chinese,
with the Chinese student notebooks' links.
"""

from __future__ import annotations

import base64
import math
import re
from pathlib import Path

import nbformat
import pytest
from notebook_files import ROOT, SOLUTIONS, exercise_cells

from tools.release import WORKED_ANSWER, ZH, colab_url, repository_url, student_version
from tools.site import (
    CHARS_PER_MINUTE,
    INSTRUCTOR_GUIDES,
    STUDENT,
    STUDENT_GUIDES,
    TO_CHINESE,
    TO_ENGLISH,
    WIDGET_VIEW,
    WORDS_PER_MINUTE,
    ZH_LANGUAGE,
    han_and_words,
    instructor_notebook,
    link_figures,
    measured_run_times,
    minutes_to_read,
    minutes_to_read_zh,
    notebook_summary,
    prose_han,
    prose_words,
    public_notebook,
    reading_time,
    reading_zh,
    rewrite_links,
    run_time_text,
    shown_outputs,
    stage,
)

NAMES = [path.stem for path in SOLUTIONS]
ZH_SOLUTIONS = sorted((ROOT / ZH / "solutions").glob("*.ipynb"))


@pytest.fixture(scope="module")
def staged(tmp_path_factory: pytest.TempPathFactory) -> dict[bool, Path]:
    """The site's sources as the build stages them: {instructor: folder}."""
    folders = {}
    for instructor in (False, True):
        folders[instructor] = tmp_path_factory.mktemp("site-src") / "src"
        stage(ROOT, folders[instructor], instructor)
    return folders


@pytest.fixture(scope="module")
def staged_zh(tmp_path_factory: pytest.TempPathFactory) -> dict[bool, Path]:
    """The Chinese edition's sources as the build stages them: {instructor: folder}."""
    folders = {}
    for instructor in (False, True):
        folders[instructor] = tmp_path_factory.mktemp("site-src-zh") / "src"
        stage(ROOT, folders[instructor], instructor, ZH_LANGUAGE)
    return folders


@pytest.mark.parametrize(
    "path", SOLUTIONS + ZH_SOLUTIONS, ids=NAMES + [f"zh-{p.stem}" for p in ZH_SOLUTIONS]
)
def test_public_page_is_the_student_release_with_the_reference_outputs(path):
    solution = nbformat.read(path, 4)
    page, student = public_notebook(solution), student_version(solution)
    assert [c.source for c in page.cells] == [c.source for c in student.cells]
    stored = {c.id: c for c in solution.cells}
    exercise = {solution.cells[k].id for _, i, j in exercise_cells(solution) for k in (i, j)}
    assert exercise or not any(c.metadata.get("nbgrader") for c in solution.cells)
    for cell in page.cells:
        assert WORKED_ANSWER not in cell.metadata.get("tags", [])
        assert "### BEGIN SOLUTION" not in cell.source
        if cell.cell_type != "code":
            continue
        if cell.id in exercise:
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
    for page in [src / "index.md", src / "about.md", *sorted((src / "docs").glob("*.md"))]:
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
        assert url in text or page.name not in ("index.md", "about.md")
        if page.name == "index.md":
            continue  # the start page states the notebooks' reading times instead
        lines = text.splitlines()
        prose = "\n".join(lines[:2] + lines[3:])
        assert lines[2] == reading_time(len(prose.split())).strip(), page.name
    # the README's (the About page's) and the docs' links to a solution notebook go to the
    # repository: the public page of a notebook is the student release
    about = (src / "about.md").read_text()
    for name in NAMES:
        assert f"{url}/blob/main/notebooks/solutions/{name}.ipynb" in about
        assert f"(notebooks/{name}.ipynb)" in about  # the student notebook: its page
    assert f"(notebooks/{NAMES[0]}.ipynb)" in (staged[True] / "about.md").read_text()


def start_page_entries(text: str) -> dict[str, str]:
    """The start page's sections by heading (one per notebook), their markdown."""
    parts = re.split(r"^## (.+)$", text.split("\n```{toctree}")[0], flags=re.MULTILINE)
    return dict(zip(parts[1::2], parts[2::2], strict=True))


@pytest.mark.parametrize("instructor", [False, True], ids=["public", "instructor"])
def test_start_page_shows_each_notebook_for_students(staged, instructor):
    """What each notebook teaches, how long it takes, where to run it: from the notebooks."""
    src = staged[instructor]
    text = (src / "index.md").read_text()
    url = repository_url(ROOT)
    run_times = measured_run_times(ROOT)
    entries = start_page_entries(text)
    assert len(entries) == len(NAMES), list(entries)
    for path, (heading, body) in zip(SOLUTIONS, entries.items(), strict=True):
        name = path.stem
        solution = nbformat.read(path, 4)
        page = instructor_notebook(solution) if instructor else public_notebook(solution)
        title, goals, lead = notebook_summary(page)
        assert heading == title and title.startswith(name[1] + " ·"), (heading, title)
        for goal in goals or [lead]:
            assert goal.split("](")[0][:60] in body, f"{name}: {goal[:60]}"
        assert f"about {minutes_to_read(prose_words(page))} min" in body
        assert run_time_text(run_times.get(name)) in body
        assert f'href="{colab_url(url, STUDENT / f"{name}.ipynb")}"' in body
        assert f'href="student/{name}.ipynb" download' in body  # the student release
        assert f'href="notebooks/{name}.html"' in body
        assert (src / "student" / f"{name}.ipynb").is_file()
    # one line for instructors, one for maintainers; the maintainers' commands stay out
    assert "](docs/instructors.md)" in text and "](about.md)" in text
    for command in ("pytest", ".ci/run", "pip install", "python -m", "npm"):
        assert command not in text, f"the start page shows a maintainers' command: {command}"


def test_the_last_notebooks_next_page_is_not_the_grading_page(staged):
    """The toctrees' order is the next/previous chain: notebooks, readers' guides, then the
    instructors' page and the About page."""
    text = (staged[False] / "index.md").read_text()
    entries = [
        re.sub(r".*<(.+)>$", r"\1", line.strip())
        for block in re.findall(r"```\{toctree\}\n(.*?)```", text, re.DOTALL)
        for line in block.splitlines()
        if line.strip() and not line.startswith(":")
    ]
    notebooks = [f"notebooks/{name}" for name in NAMES]
    guides = [d.with_suffix("").as_posix() for d in STUDENT_GUIDES]
    instructors = [d.with_suffix("").as_posix() for d in INSTRUCTOR_GUIDES]
    assert entries == notebooks + guides + instructors + ["about"], entries
    after_last = entries[entries.index(notebooks[-1]) + 1]
    assert after_last not in instructors, f"after the last notebook, Next is {after_last}"


def test_notebook_summary_reads_the_title_and_learning_goals():
    goals = nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_markdown_cell(
                "# 7 · A title with `code`\n\nA first paragraph\nover two lines.\n\n"
                "**Learning goals**\n- One goal, $\\lambda$\n  continued.\n- Two.\n\nAfter."
            )
        ]
    )
    assert notebook_summary(goals) == (
        "7 · A title with `code`",
        ["One goal, $\\lambda$ continued.", "Two."],
        "A first paragraph over two lines.",
    )
    lead_only = nbformat.v4.new_notebook(
        cells=[nbformat.v4.new_markdown_cell("# Title\n\nWhat it teaches.\n\n## Next")]
    )
    assert notebook_summary(lead_only) == ("Title", [], "What it teaches.")


def test_figures_become_png_files_linked_at_full_size(tmp_path):
    """A figure's output HTML (a data: URL) becomes a PNG file; the page links it."""
    png = base64.b64decode(
        "iVBORw0KGgoAAAANSUhEUgAAAAIAAAABCAYAAAD0In+KAAAAEUlEQVR4nGP4z8DwHwQZYAwAR8oH+Ybf0f4AAAAASUVORK5CYII="
    )
    html = f'<img src="data:image/png;base64,{base64.b64encode(png).decode()}" alt="Two dots.">'
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("show(fig)")])
    nb.cells[0].outputs = [
        nbformat.v4.new_output("display_data", data={"text/html": html, "image/png": "x"})
    ]
    page = link_figures(nb, "07_x", tmp_path / "figures")
    shown = page.cells[0].outputs[0].data["text/html"]
    assert (tmp_path / "figures" / "07_x-1.png").read_bytes() == png
    assert '<a class="l10-figure-link" href="figures/07_x-1.png">' in shown
    assert (
        '<img src="figures/07_x-1.png" width="2" height="1"' in shown and 'alt="Two dots."' in shown
    )
    assert "data:image/png" not in shown


@pytest.mark.parametrize("instructor", [False, True], ids=["public", "instructor"])
def test_staged_pages_keep_no_figure_inline(staged, instructor):
    """Every figure of every page is a file of the site, linked at full size."""
    figures = 0
    for name in NAMES:
        nb = nbformat.read(staged[instructor] / "notebooks" / f"{name}.ipynb", 4)
        for cell in nb.cells:
            for output in cell.get("outputs", []):
                shown = output.get("data", {}).get("text/html", "")
                assert "data:image/png" not in shown, name
                for file in re.findall(r'<a class="l10-figure-link" href="figures/([^"]+)"', shown):
                    assert (staged[instructor] / "notebooks" / "figures" / file).is_file()
                    figures += 1
    assert figures >= len(NAMES), figures


def test_a_notebook_link_to_a_released_doc_points_at_its_page_on_the_site():
    url = repository_url(ROOT)
    notebook = SOLUTIONS[0].relative_to(ROOT)
    pages = {notebook: Path("notebooks/x.ipynb"), Path("docs/same-verdicts.md"): Path("docs/s.md")}
    text = f"[a]({url}/blob/v9.9.9/docs/same-verdicts.md#b), [c]({url}/blob/v9.9.9/docs/other.md)"
    assert rewrite_links(text, notebook, pages, url) == (
        f"[a](../docs/s.md#b), [c]({url}/blob/v9.9.9/docs/other.md)"
    )


# ------------------------------------------------------------------------------ the Chinese edition
def test_the_chinese_edition_has_every_notebook():
    assert [p.stem for p in ZH_SOLUTIONS] == NAMES


def test_notebook_summary_reads_the_chinese_learning_goals():
    nb = nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_markdown_cell("# 7 · 标题\n\n第一段。\n\n**学习目标**\n- 一。\n- 二。")
        ]
    )
    assert notebook_summary(nb) == ("7 · 标题", ["一。", "二。"], "第一段。")


def test_chinese_reading_time_counts_characters_and_other_words():
    # 8 Han characters, and weight_decay, L2 and λ; the full-width punctuation is no word
    assert han_and_words("权重衰减（weight_decay）就是 L2，λ 很小。") == (8, 3)
    assert minutes_to_read_zh(CHARS_PER_MINUTE, 0) == 1
    assert minutes_to_read_zh(CHARS_PER_MINUTE + 1, 0) == 2
    assert minutes_to_read_zh(CHARS_PER_MINUTE, 200) == 2


@pytest.mark.parametrize("instructor", [False, True], ids=["public", "instructor"])
def test_chinese_start_page_shows_each_notebook(staged_zh, instructor):
    """The Chinese start page, from the Chinese notebooks: title, 学习目标, reading and run
    time in Chinese, the Chinese student notebook's Colab and download links."""
    src = staged_zh[instructor]
    text = (src / "index.md").read_text()
    url = repository_url(ROOT)
    run_times = measured_run_times(ROOT)
    entries = start_page_entries(text)
    assert len(entries) == len(NAMES), list(entries)
    for path, (heading, body) in zip(ZH_SOLUTIONS, entries.items(), strict=True):
        name = path.stem
        solution = nbformat.read(path, 4)
        page = instructor_notebook(solution) if instructor else public_notebook(solution)
        title, goals, lead = notebook_summary(page)
        assert heading == title and title.startswith(name[1] + " ·"), (heading, title)
        assert goals, f"{name}: no 学习目标 list in the Chinese notebook's first cell"
        for goal in goals:
            assert goal[:40] in body, f"{name}: {goal[:40]}"
        assert reading_zh(*prose_han(page)) in body
        assert run_time_text(run_times.get(name), "zh") in body
        assert f'href="{colab_url(url, ZH / "student" / f"{name}.ipynb")}"' in body
        assert f'href="student/{name}.ipynb" download' in body
        assert f'href="notebooks/{name}.html"' in body
        released = nbformat.read(src / "student" / f"{name}.ipynb", 4)
        assert released.cells[0].source == student_version(solution).cells[0].source
    assert (
        TO_ENGLISH in text
        and TO_ENGLISH not in (src / "notebooks" / f"{NAMES[0]}.ipynb").read_text()
    )
    assert 'href="../docs/instructors.html"' in text and 'href="../about.html"' in text
    for command in ("pytest", ".ci/run", "pip install", "python -m", "npm"):
        assert command not in text, (
            f"the Chinese start page shows a maintainers' command: {command}"
        )


def test_the_english_start_page_links_the_chinese_edition(staged):
    assert TO_CHINESE in (staged[False] / "index.md").read_text()


def test_chinese_pages_state_where_to_run_them_and_how_long(staged_zh):
    url = repository_url(ROOT)
    run_times = measured_run_times(ROOT)
    for name in NAMES:
        nb = nbformat.read(staged_zh[False] / "notebooks" / f"{name}.ipynb", 4)
        facts = nb.cells[1].source
        nb.cells.pop(1)
        assert colab_url(url, ZH / "student" / f"{name}.ipynb") in facts
        assert f'href="../student/{name}.ipynb" download' in facts
        assert "localhost:8888/lab/tree/zh/student/" in facts
        assert reading_zh(*prose_han(nb)) in facts
        assert f"{run_time_text(run_times[name], 'zh')}（2 个 CPU 核心" in facts
        # the links to the English-only pages go to the English edition, one folder up
        for cell in nb.cells:
            for target in re.findall(
                r"\]\(([^)\s]+)\)", cell.source if cell.cell_type == "markdown" else ""
            ):
                assert not target.endswith((".md", ".ipynb")) or target.startswith("http"), target
