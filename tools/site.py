"""Build the course website: a start page, the five notebooks, three docs pages and the README,
and the Chinese edition (a start page and the five notebooks) under ``zh/``.

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
of the exercises' solution and check cells. The start page is for students: each notebook's
title, learning goals, reading and run time, and its Colab and download links, generated from
the notebooks themselves; the README is the "About" page for maintainers. docs/site.md says why
this tool and how to publish.

The Chinese edition (``zh/``: ``language = "zh_CN"``) is made the same way from
``notebooks/zh/`` (``tools.release`` writes it from the English notebooks and the catalogues of
``locale/zh_CN``): its start page and the five notebooks' pages, with their own search index
(Chinese words found by their characters: ``site/conf.py``'s ``SearchChineseBigrams``). The docs
pages and About are English only; every page has a switch to the same page in the other
language (an English-only page's leads to the Chinese start page).
"""

from __future__ import annotations

import argparse
import base64
import json
import math
import os
import re
import shutil
import subprocess
import sys
import threading
import time
import traceback
from pathlib import Path

import nbformat

from tools.exercises import exercise_cells
from tools.release import (
    SOLUTIONS,
    STUDENT,
    ZH,
    colab_url,
    release_tag,
    repository_url,
    student_version,
    with_colab_cell,
)

SITE_CONFIG = Path("site")  # conf.py, _static/, package.json and its lock
README = Path("README.md")
START = Path("index.md")  # the start page, for students (start_page)
ABOUT_PAGE = Path("about.md")  # the README's page: "About", for maintainers
#: The docs pages the site shows, beside the start page, the notebooks and the README. The
#: sidebar and the next/previous chain take them in this order after the notebooks: the
#: readers' guides first, so that the last notebook's "Next" is not the instructors' page.
STUDENT_GUIDES = (Path("docs/same-verdicts.md"), Path("docs/accessibility.md"))
INSTRUCTOR_GUIDES = (Path("docs/instructors.md"),)
DOCS_PAGES = STUDENT_GUIDES + INSTRUCTOR_GUIDES
FIGURES = "figures"  # beside the notebooks' pages: each figure's PNG, linked at full size
#: MathJax's combined components that the pages never load (they load tex-chtml.js and what it
#: asks for): left out of the published folder
MATHJAX_UNUSED = (
    "tex-svg*.js",
    "tex-mml-*.js",
    "tex-chtml-full*.js",
    "mml-*.js",
    "node-main.js",
    "latest.js",
)
TIMINGS = Path("docs/timings.md")  # the notebooks' measured run times (tools.bench --notebooks)
WORDS_PER_MINUTE = 200  # a reading speed for technical prose
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
LAB_URL = "http://localhost:8888/lab/tree/student/{name}"  # README: jupyter lab notebooks/
BRANCH = "main"
#: The Chinese edition: its folder in the site, Sphinx's language, and its reading speed. 225
#: Han characters a minute is the English pages' 200 words scaled by the two languages' rates
#: in the same reading test (IReST: 255 characters and 228 words a minute), so that both
#: editions state comparable times; other words in the Chinese prose (names, code, numbers)
#: count at the English rate.
ZH_SITE = "zh"
ZH_LANGUAGE = "zh_CN"
CHARS_PER_MINUTE = 225
_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
HAN = re.compile(f"[{_HAN}]")


# ------------------------------------------------------------------------------ notebooks
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
    exercise = {solution.cells[k].get("id") for _, i, j in exercise_cells(solution) for k in (i, j)}
    for cell in student.cells:
        if cell.cell_type != "code":
            continue
        source = stored[cell.id]
        if cell.id in exercise:
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


#: a word of the other scripts in Chinese prose (L2, weight_decay, λ, 1,000): letters or digits,
#: joined by _ . , ' or -; Chinese puts no space around its full-width punctuation
_OTHER_WORD = re.compile(r"[^\W_]+(?:['’._,-][^\W_]+)*")


def han_and_words(text: str) -> tuple[int, int]:
    """Han characters, and the words of other scripts, of a Chinese text."""
    return len(HAN.findall(text)), len(_OTHER_WORD.findall(HAN.sub(" ", text)))


def prose_han(nb: nbformat.NotebookNode) -> tuple[int, int]:
    """Han characters and other words of a notebook's markdown cells (the Chinese edition)."""
    return han_and_words("\n".join(c.source for c in nb.cells if c.cell_type == "markdown"))


def minutes_to_read_zh(han: int, words: int) -> int:
    """Minutes to read a Chinese text of ``han`` characters and ``words`` other words."""
    return max(1, math.ceil(han / CHARS_PER_MINUTE + words / WORDS_PER_MINUTE))


def reading_zh(han: int, words: int) -> str:
    """The Chinese edition's reading time in words: minutes, characters and the rate."""
    return (
        f"约 {minutes_to_read_zh(han, words)} 分钟（{han:,} 个汉字按每分钟 {CHARS_PER_MINUTE} "
        f"字计，另有 {words:,} 个英文单词和数字按每分钟 {WORDS_PER_MINUTE} 个计）"
    )


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


def page_facts(
    name: str, nb: nbformat.NotebookNode, url: str, run_s: float | None, lang: str = "en"
) -> str:
    """The HTML block at the top of a notebook's page: where to run it, reading and run time."""
    if lang != "en":
        return page_facts_zh(name, nb, url, run_s)
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


def page_facts_zh(name: str, nb: nbformat.NotebookNode, url: str, run_s: float | None) -> str:
    """``page_facts`` of a page of the Chinese edition: its student notebook, in Chinese."""
    student = ZH / STUDENT.name / f"{name}.ipynb"
    timings = f"{url}/blob/{BRANCH}/{TIMINGS.as_posix()}"
    if run_s is None:
        run = "尚未测量（可用 <code>python -m tools.bench --notebooks</code> 测量）"
    else:
        run = (
            f"{run_time_text(run_s, 'zh')}（2 个 CPU 核心，含内核启动，由 "
            "<code>python -m tools.bench --notebooks</code> 测得；详见"
            f'<a href="{timings}" hreflang="en">运行时间记录（英文）</a>）'
        )
    lab = LAB_URL.format(name=f"{name}.ipynb").replace("/student/", f"/{ZH_SITE}/student/")
    return (
        '<div class="l10-page-facts">\n'
        f'<p><strong>运行方式：</strong><a href="{colab_url(url, student)}">'
        "在 Colab 中打开学生版</a>"
        f' · <a href="../student/{name}.ipynb" download>下载 .ipynb（供 JupyterLab 使用）</a> · '
        f'<a href="{lab}">在你的 JupyterLab 中打开</a>（在克隆的仓库中用 '
        "<code>jupyter lab notebooks/</code> 启动，默认端口 8888）</p>\n"
        f"<p><strong>阅读时间：</strong>{reading_zh(*prose_han(nb))}。"
        f"<strong>运行时间：</strong>{run}。</p>\n"
        "</div>"
    )


def add_page_facts(nb: nbformat.NotebookNode, facts: str) -> nbformat.NotebookNode:
    """Insert the facts block as a markdown cell right after the notebook's title cell."""
    nb = nbformat.from_dict(nb)
    cell = nbformat.v4.new_markdown_cell(facts)
    cell.id = "l10-site-page-facts"
    nb.cells.insert(1, cell)
    return nb


_DATA_PNG = re.compile(
    r'<img src="data:image/png;base64,(?P<data>[A-Za-z0-9+/=\s]+)"(?P<rest>[^>]*)>'
)


def png_size(png: bytes) -> tuple[int, int]:
    """Width and height of a PNG, from its header."""
    return int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")


#: the caption under each figure on narrow screens, in each edition's language: the link's
#: text, and the figure's size after it
FULL_SIZE = {
    "en": ("Open the figure at full size", " ({} × {} px)"),
    "zh": ("查看原尺寸图片", "（{} × {} 像素）"),
}


def link_figures(
    nb: nbformat.NotebookNode, name: str, folder: Path, lang: str = "en"
) -> nbformat.NotebookNode:
    """Write each figure of the outputs to ``folder`` as a PNG; the page links it at full size.

    A figure's output HTML (``l10_utils.show``: ``<img src="data:image/png;base64,..."
    alt="...">``) becomes the same image loaded from ``figures/<name>-<k>.png``, as a link to
    that file (a phone shrinks a multi-panel figure to the screen's width; the file opens at
    full size and zooms), with a caption saying so on narrow screens.
    """
    nb = nbformat.from_dict(nb)
    count = 0

    def one(match: re.Match) -> str:
        nonlocal count
        count += 1
        png = base64.b64decode(match.group("data"))
        file = f"{name}-{count}.png"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / file).write_bytes(png)
        width, height = png_size(png)
        rest = re.sub(r'\s(width|height)="\d+"', "", match.group("rest"))
        href = f"{FIGURES}/{file}"
        caption, size = FULL_SIZE[lang]
        size = size.format(width, height)
        return (
            f'<a class="l10-figure-link" href="{href}"><img src="{href}" width="{width}" '
            f'height="{height}" loading="lazy"{rest}></a>'
            f'<p class="l10-figure-caption"><a href="{href}">{caption}</a>{size}</p>'
        )

    for cell in nb.cells:
        for output in cell.get("outputs", []) if cell.cell_type == "code" else []:
            data = output.get("data", {})
            if "text/html" in data:
                source = data["text/html"]
                source = "".join(source) if isinstance(source, list) else source
                data["text/html"] = _DATA_PNG.sub(one, source)
    return nb


_GOALS = re.compile(
    r"^\s*(?:\*\*|#+\s*)?(?:learning goals\b|学习目标).*$", re.IGNORECASE | re.MULTILINE
)


def notebook_summary(nb: nbformat.NotebookNode) -> tuple[str, list[str], str]:
    """A notebook's title (its first H1), its learning goals (the list after "Learning goals",
    or "学习目标", in its first markdown cell, if any) and its first paragraph, as markdown."""
    first = next(c.source for c in nb.cells if c.cell_type == "markdown")
    title_match = re.search(r"^# (.+)$", first, re.MULTILINE)
    title = title_match.group(1).strip() if title_match else "Untitled notebook"
    body = first[title_match.end() :] if title_match else first
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", body) if p.strip()]
    lead = next((p for p in paragraphs if not _GOALS.match(p)), "")
    goals: list[str] = []
    found = _GOALS.search(body)
    if found:
        for line in body[found.end() :].lstrip("\n").splitlines():
            if re.match(r"\s*[-*+]\s+", line):
                goals.append(re.sub(r"^\s*[-*+]\s+", "", line).strip())
            elif goals and line.strip() and line[:1].isspace():
                goals[-1] += " " + line.strip()  # a continued item
            else:
                break
    return title, goals, " ".join(lead.split())


def minutes_to_read(words: int) -> int:
    """Minutes to read ``words`` words of prose at ``WORDS_PER_MINUTE``."""
    return max(1, math.ceil(words / WORDS_PER_MINUTE))


def run_time_text(run_s: float | None, lang: str = "en") -> str:
    """A notebook's run time in words, from its measured seconds (None: not measured yet)."""
    if lang != "en":
        if run_s is None:
            return "尚未测量"
        return f"约 {run_s:.0f} 秒" if run_s < 90 else f"约 {math.ceil(run_s / 60)} 分钟"
    if run_s is None:
        return "not measured yet"
    if run_s < 90:
        return f"about {run_s:.0f} s"
    return f"about {math.ceil(run_s / 60)} min"


#: the English start page's line to the Chinese edition, and the Chinese one's line back
TO_CHINESE = (
    '<p class="l10-other-edition">These notebooks in Simplified Chinese: <a href="'
    f'{ZH_SITE}/index.html" hreflang="zh-CN" lang="zh-CN">中文版</a> (the prose and the '
    "checks' messages in Chinese, the same code and figures).</p>"
)
TO_ENGLISH = (
    '<p class="l10-other-edition">这些笔记本的英文原版：<a href="../index.html" '
    'hreflang="en" lang="en">English edition</a>。</p>'
)


def start_page(entries: list[dict], url: str, chinese: bool = False) -> str:
    """The start page's MyST markdown: each notebook with what it teaches, how long it takes to
    read and to run, and where to run it; one line for instructors, one for maintainers.

    ``entries``: one dict per notebook with ``name``, ``title``, ``goals``, ``lead`` (markdown,
    links already rewritten for the start page), ``words`` and ``run_s``. ``chinese``: the
    site has the Chinese edition (a line links its start page).
    """
    words = sum(e["words"] for e in entries)
    measured = [e["run_s"] for e in entries if e["run_s"] is not None]
    run_all = (
        f" and about {math.ceil(sum(measured) / 60)} min to run them all"
        if len(measured) == len(entries)
        else ""
    )
    timings = f"{url}/blob/{BRANCH}/{TIMINGS.as_posix()}"
    lines = [
        "# L2 regularization for neural networks",
        "",
        "The notebooks of STAT 453, lecture 10.4: L2 regularization (weight decay) in PyTorch. "
        "Read each one here, run it in Google Colab (nothing to install), or download it for "
        "JupyterLab. Each notebook is one sitting; work through them in order.",
        "",
        *([TO_CHINESE, ""] if chinese else []),
        '<div class="l10-page-facts"><p><strong>Reading time:</strong> about '
        f"{minutes_to_read(words)} min for the {len(entries)} notebooks ({words:,} words of prose "
        f"at {WORDS_PER_MINUTE} words per minute){run_all} on 2 CPU cores "
        f'(<a href="{timings}">how long it takes</a>).</p></div>',
        "",
    ]
    for entry in entries:
        name = entry["name"]
        student = STUDENT / f"{name}.ipynb"
        teaches = (
            "\n".join(f"- {goal}" for goal in entry["goals"]) if entry["goals"] else entry["lead"]
        )
        lines += [
            f"## {entry['title']}",
            "",
            teaches,
            "",
            f"**Reading:** about {minutes_to_read(entry['words'])} min · **running:** "
            f"{run_time_text(entry['run_s'])} on 2 CPU cores",
            "",
            '<p class="l10-notebook-links">'
            f'<a href="notebooks/{name}.html">Read it here</a> '
            f'<a href="{colab_url(url, student)}">Open in Colab</a> '
            f'<a href="student/{name}.ipynb" download>Download for JupyterLab (.ipynb)</a></p>',
            "",
        ]
    lines += [
        "**Instructors and TAs:** grading, the solutions and the instructors' edition of this "
        "site are in [For instructors and TAs](docs/instructors.md).",
        "",
        f"**About this bundle** (its tests, CI and tools, for maintainers): "
        f"[About]({ABOUT_PAGE.as_posix()}) and the [repository]({url}).",
        "",
    ]
    return "\n".join(lines)


def start_page_zh(entries: list[dict], url: str) -> str:
    """The Chinese edition's start page (``start_page`` in Chinese): each notebook's title,
    learning goals (学习目标), reading and run time, and its Colab and download links to the
    Chinese student notebook; the English pages for instructors and maintainers.

    ``entries`` as for ``start_page``, with ``han`` (Han characters) and ``words`` (the other
    words) of each notebook's prose.
    """
    han, words = sum(e["han"] for e in entries), sum(e["words"] for e in entries)
    measured = [e["run_s"] for e in entries if e["run_s"] is not None]
    run_all = (
        f"，在 2 个 CPU 核心上全部运行约 {math.ceil(sum(measured) / 60)} 分钟"
        if len(measured) == len(entries)
        else ""
    )
    timings = f"{url}/blob/{BRANCH}/{TIMINGS.as_posix()}"
    lines = [
        "# 神经网络的 L2 正则化",
        "",
        "STAT 453 第 10.4 讲的笔记本：PyTorch 中的 L2 正则化，即权重衰减（weight decay）。每个"
        "笔记本都可以在这里阅读，在 Google Colab 中运行（无需安装），或下载后在 JupyterLab 中使用。"
        "每个笔记本适合一次学完，请按顺序学习。讲解文字和检查提示均为中文，代码和图与英文版相同。",
        "",
        TO_ENGLISH,
        "",
        f'<div class="l10-page-facts"><p><strong>阅读时间：</strong>{len(entries)} 个笔记本共'
        f"{reading_zh(han, words)}{run_all}"
        f'（详见<a href="{timings}" hreflang="en">运行时间记录（英文）</a>）。</p></div>',
        "",
    ]
    for entry in entries:
        name = entry["name"]
        student = ZH / STUDENT.name / f"{name}.ipynb"
        teaches = (
            "\n".join(f"- {goal}" for goal in entry["goals"]) if entry["goals"] else entry["lead"]
        )
        lines += [
            f"## {entry['title']}",
            "",
            teaches,
            "",
            f"**阅读时间：**{reading_zh(entry['han'], entry['words'])} · **运行时间：**"
            f"{run_time_text(entry['run_s'], 'zh')}（2 个 CPU 核心）",
            "",
            '<p class="l10-notebook-links">'
            f'<a href="notebooks/{name}.html">在此阅读</a> '
            f'<a href="{colab_url(url, student)}">在 Colab 中打开</a> '
            f'<a href="student/{name}.ipynb" download>下载 .ipynb（供 JupyterLab 使用）</a></p>',
            "",
        ]
    lines += [
        '**教师和助教**：评分、练习答案和本网站的教师版见 <a href="../docs/instructors.html" '
        'hreflang="en">For instructors and TAs</a>（英文）。',
        "",
        '**关于本套材料**（测试、CI 和工具，面向维护者）：<a href="../about.html" hreflang="en">'
        f'About</a>（英文）和<a href="{url}">代码仓库</a>。',
        "",
    ]
    return "\n".join(lines)


# ------------------------------------------------------------------------------ markdown pages
_LINK = re.compile(r"(?P<bang>!?)\[(?P<text>(?:[^\[\]]|\[[^\]]*\])*)\]\((?P<target>[^)\s]+)\)")
_IMAGE_LINK = re.compile(r"!\[(?P<alt>[^\]]*)\]\((?P<target>https?://[^)\s]+)\)")


def rewrite_links(
    text: str, page: Path, pages: dict[Path, Path], url: str, at: Path | None = None
) -> str:
    """Rewrite a markdown page's repository links for the site.

    ``page`` is the page's path in the repository; ``pages`` maps repository files to their
    place in the site's source; ``at`` is the site page the text is shown on (default: the
    page's own, ``pages[page]``). A link to a file the site shows points at its page; a link to
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
            rel = os.path.relpath(pages[repo_path], (at or pages[page]).parent)
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
def has_chinese(root: Path) -> bool:
    """Whether the repository has the Chinese edition's notebooks (notebooks/zh/solutions)."""
    return any((root / ZH / SOLUTIONS.name).glob("*.ipynb"))


def first_heading(path: Path) -> str:
    """A markdown page's title: its first line, less the ``#``."""
    return path.read_text().partition("\n")[0].lstrip("# ").strip()


def site_settings(root: Path, instructor: bool, lang: str, other_pages: list[str]) -> dict:
    """What ``site/conf.py`` reads from ``site.json``: the repository, the edition, the
    language, where MathJax is, the other edition's pages (the language switch's targets)."""
    settings = {
        "repository": repository_url(root),
        "instructor": instructor,
        "release": release_tag(root),
        "language": lang,
        "other_pages": sorted(other_pages),
        # the Chinese edition loads the English edition's copy (mathjax_path is relative to
        # _static; the browser resolves the ../ of zh/_static/../../_static)
        "mathjax_path": "mathjax/tex-chtml.js"
        if lang == "en"
        else "../../_static/mathjax/tex-chtml.js",
    }
    if lang != "en":  # the Chinese sidebar's links to the English-only pages
        settings["english_pages"] = [
            [first_heading(root / doc), doc.with_suffix(".html").as_posix()] for doc in DOCS_PAGES
        ] + [["About (for maintainers)", ABOUT_PAGE.with_suffix(".html").as_posix()]]
    return settings


def page_names(root: Path, lang: str) -> list[str]:
    """The Sphinx page names of an edition (the search page included)."""
    names = [f"notebooks/{p.stem}" for p in sorted((root / SOLUTIONS).glob("*.ipynb"))]
    if lang == "en":
        names += [d.with_suffix("").as_posix() for d in DOCS_PAGES] + ["about"]
    return ["index", "search", *names]


def stage(root: Path, src: Path, instructor: bool, lang: str = "en") -> list[str]:
    """Write the site's sources to ``src`` (``lang``: "en", or ``ZH_LANGUAGE`` for the Chinese
    edition, ``stage_zh``); return the notebooks' page names."""
    if lang != "en":
        return stage_zh(root, src, instructor)
    if src.exists():
        shutil.rmtree(src)
    (src / "notebooks").mkdir(parents=True)
    (src / "student").mkdir()
    url, tag = repository_url(root), release_tag(root)
    run_times = measured_run_times(root)
    notebooks = sorted((root / SOLUTIONS).glob("*.ipynb"))
    names = [path.stem for path in notebooks]
    pages: dict[Path, Path] = {README: ABOUT_PAGE}
    for doc in DOCS_PAGES:
        pages[doc] = doc
    for path in notebooks:
        for folder in (SOLUTIONS, STUDENT):
            pages[folder / path.name] = Path("notebooks") / path.name
    # the README's and the docs' links to a solution notebook go to it in the repository: the
    # public page of a notebook is the student release (the instructors' edition shows them)
    doc_pages = (
        pages if instructor else {k: v for k, v in pages.items() if SOLUTIONS not in k.parents}
    )
    entries = []
    for path in notebooks:
        name = path.stem
        solution = with_colab_cell(nbformat.read(path, 4), url, tag, path.name)
        solution.metadata.pop("widgets", None)
        page = instructor_notebook(solution) if instructor else public_notebook(solution)
        title, goals, lead = notebook_summary(page)  # its links as the notebook writes them
        here = SOLUTIONS / path.name
        entries.append(
            {"name": name, "title": title, "lead": rewrite_links(lead, here, pages, url, START),
             "goals": [rewrite_links(g, here, pages, url, START) for g in goals],
             "words": prose_words(page), "run_s": run_times.get(name)}
        )  # fmt: skip
        for cell in page.cells:
            if cell.cell_type == "markdown":
                cell.source = rewrite_links(cell.source, here, pages, url)
        page = add_page_facts(page, page_facts(name, page, url, run_times.get(name)))
        page = link_figures(page, name, src / "notebooks" / FIGURES)
        nbformat.write(page, src / "notebooks" / f"{name}.ipynb")
        # the file the page's download links give: the student release itself
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
        text = rewrite_links(text, repo_page, doc_pages, url)
        title, _, body = text.partition("\n")
        text = f"{title}\n\n{reading_time(len(text.split()))}\n{body}"
        (src / site_page).parent.mkdir(parents=True, exist_ok=True)
        (src / site_page).write_text(text)
    chinese = has_chinese(root)
    index = start_page(entries, url, chinese)
    index += toctree("Notebooks", [f"notebooks/{n}" for n in names])
    index += toctree("Guides", [d.with_suffix("").as_posix() for d in STUDENT_GUIDES])
    index += toctree(
        "For instructors and maintainers",
        [d.with_suffix("").as_posix() for d in INSTRUCTOR_GUIDES]
        + [f"About (for maintainers) <{ABOUT_PAGE.with_suffix('').as_posix()}>"],
    )
    (src / START).write_text(index)
    zh_pages = page_names(root, ZH_LANGUAGE) if chinese else []
    copy_config(root, src, site_settings(root, instructor, "en", zh_pages))
    return names


def copy_config(root: Path, src: Path, settings: dict) -> None:
    """Sphinx's configuration beside the staged pages: conf.py, _static/, _templates/, and
    site.json (``site_settings``)."""
    shutil.copy(root / SITE_CONFIG / "conf.py", src / "conf.py")
    for folder in ("_static", "_templates"):
        shutil.copytree(root / SITE_CONFIG / folder, src / folder)
    (src / "site.json").write_text(json.dumps(settings, indent=1, ensure_ascii=False))


def stage_zh(root: Path, src: Path, instructor: bool) -> list[str]:
    """Write the Chinese edition's sources to ``src``: its start page and the five notebooks'
    pages, made from notebooks/zh/solutions as the English ones are from notebooks/solutions,
    and the Chinese student notebooks that the pages offer; return the notebooks' page names.

    Its pages link the English-only pages (the docs pages, About) in the English edition, one
    folder up: every link is written as the URL it is (conf.py: ``myst_all_links_external``).
    """
    if src.exists():
        shutil.rmtree(src)
    (src / "notebooks").mkdir(parents=True)
    (src / "student").mkdir()
    url, tag = repository_url(root), release_tag(root)
    run_times = measured_run_times(root)
    folder = root / ZH / SOLUTIONS.name
    notebooks = sorted(folder.glob("*.ipynb"))
    names = [path.stem for path in notebooks]
    # repository files -> their pages, relative to the Chinese edition's root
    pages: dict[Path, Path] = {README: Path("..") / ABOUT_PAGE.with_suffix(".html")}
    for doc in DOCS_PAGES:
        pages[doc] = Path("..") / doc.with_suffix(".html")
    for path in notebooks:
        html_page = f"{path.stem}.html"
        for zh_folder in (ZH / SOLUTIONS.name, ZH / STUDENT.name):
            pages[zh_folder / path.name] = Path("notebooks") / html_page
        for en_folder in (SOLUTIONS, STUDENT):
            pages[en_folder / path.name] = Path("../notebooks") / html_page
    entries = []
    for path in notebooks:
        name = path.stem
        solution = with_colab_cell(nbformat.read(path, 4), url, tag, path.name)
        solution.metadata.pop("widgets", None)
        page = instructor_notebook(solution) if instructor else public_notebook(solution)
        title, goals, lead = notebook_summary(page)
        here = ZH / SOLUTIONS.name / path.name
        han, words = prose_han(page)
        entries.append(
            {"name": name, "title": title, "lead": rewrite_links(lead, here, pages, url, START),
             "goals": [rewrite_links(g, here, pages, url, START) for g in goals],
             "han": han, "words": words, "run_s": run_times.get(name)}
        )  # fmt: skip
        for cell in page.cells:
            if cell.cell_type == "markdown":
                cell.source = rewrite_links(cell.source, here, pages, url)
        page = add_page_facts(page, page_facts(name, page, url, run_times.get(name), "zh"))
        page = link_figures(page, name, src / "notebooks" / FIGURES, "zh")
        nbformat.write(page, src / "notebooks" / f"{name}.ipynb")
        nbformat.write(student_version(solution), src / "student" / f"{name}.ipynb")
    index = start_page_zh(entries, url)
    index += toctree("笔记本", [f"notebooks/{n}" for n in names])
    (src / START).write_text(index)
    copy_config(root, src, site_settings(root, instructor, ZH_LANGUAGE, page_names(root, "en")))
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
    """Build the site into ``out`` (default build/site or build/site-instructor), with the
    Chinese edition in ``out/zh``; return ``out``.

    The two editions are two Sphinx projects (each its own language, theme labels and search
    index), built at the same time: the Chinese one in a process of its own (Sphinx's
    translations are global to a process, and a second core builds it meanwhile), the English
    one in this process.
    """
    root = root.resolve()
    build_dir = root / "build"
    out = (out or build_dir / ("site-instructor" if instructor else "site")).resolve()
    src = build_dir / ("site-src-instructor" if instructor else "site-src")
    mathjax = npm_assets(root, build_dir)
    # (language, staged sources, Sphinx's output folder): MyST-NB writes beside the output
    # folder (its parent's jupyter_execute/), so the Chinese edition is built in a folder of its
    # own and moved into out/zh after
    editions = [("en", src, out)]
    if has_chinese(root):
        zh_src = src.with_name(f"{src.name}-{ZH_SITE}")
        editions.append((ZH_LANGUAGE, zh_src, zh_src.with_name(f"{zh_src.name}-out") / "html"))
    for lang, edition_src, _ in editions:
        stage(root, edition_src, instructor, lang)
    shutil.copytree(
        mathjax, src / "_static" / "mathjax", ignore=shutil.ignore_patterns(*MATHJAX_UNUSED)
    )
    try:
        from sphinx.cmd.build import build_main
    except ImportError:
        raise SystemExit('the site needs its tools: pip install -e ".[site]"') from None
    for _, _, edition_out in editions:
        if edition_out.exists():
            shutil.rmtree(edition_out)

    # -W: a warning (a broken reference, an unknown output) fails the build; -E: fresh; -d: the
    # doctrees (Sphinx's cache) beside the output, not in what is published
    def arguments(edition_src: Path, edition_out: Path) -> list[str]:
        doctrees = edition_src.with_name(edition_src.name + "-doctrees")
        options = ["-b", "html", "-E", "-W", "--keep-going", "-q", "-d", str(doctrees)]
        return [*options, str(edition_src), str(edition_out)]

    others = [(lang, sphinx_elsewhere(arguments(s, o), root)) for lang, s, o in editions[1:]]
    statuses = [("en", build_main(arguments(*editions[0][1:])))]
    statuses += [(lang, wait()) for lang, wait in others]
    failed = [f"{lang} ({status})" for lang, status in statuses if status]
    if failed:
        raise SystemExit(f"sphinx-build failed: {', '.join(failed)}; see the messages above")
    for lang, edition_src, edition_out in editions:
        shutil.copytree(edition_src / "student", edition_out / "student")
        if (edition_src / "notebooks" / FIGURES).is_dir():
            shutil.copytree(
                edition_src / "notebooks" / FIGURES, edition_out / "notebooks" / FIGURES
            )
        remove_unread(edition_out)
        if lang != "en":
            shutil.move(edition_out, out / ZH_SITE)
    return out


def sphinx_elsewhere(arguments: list[str], root: Path):
    """Start a Sphinx build in another process; return a function that waits for its status.

    A fork of this process where it runs no other thread (the command line): the child has
    Sphinx and the notebooks' libraries imported already (a new interpreter spends about 1.5 s
    importing them) and Sphinx's translations as they are before any build. Elsewhere (a test
    process, with its server and browser threads), a new interpreter.
    """
    if hasattr(os, "fork") and threading.active_count() == 1:
        sys.stdout.flush()
        sys.stderr.flush()
        pid = os.fork()
        if pid == 0:  # the child: build, then leave at once (no exit handler of the parent)
            status = 1
            try:
                from sphinx.cmd.build import build_main

                status = build_main(arguments)
            except BaseException:  # noqa: BLE001 - said, and the build fails
                traceback.print_exc()
            finally:
                sys.stdout.flush()
                sys.stderr.flush()
                os._exit(status)
        return lambda: os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1])
    run = subprocess.Popen([sys.executable, "-m", "sphinx", *arguments], cwd=root)
    return run.wait


#: What Sphinx writes into the output that no reader needs: its build record, the inventory for
#: other Sphinx projects' cross-references, the (empty) folder of page sources, and the source
#: maps of the theme's scripts and styles
UNREAD = (".buildinfo", "objects.inv", ".doctrees", "_sources", "_static/**/*.map")


def remove_unread(out: Path) -> None:
    """Delete from the built site what no reader needs (``UNREAD``)."""
    for pattern in UNREAD:
        for path in out.glob(pattern):
            shutil.rmtree(path) if path.is_dir() else path.unlink()


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
