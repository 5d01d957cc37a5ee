"""The course website as a reader sees it: every page in headless Chromium, offline (issue 29).

Each page opens from a local server with every request to another host aborted (and counted as
a failure), in the light and the dark theme: no console error, no failed request, every image
loaded and with alt text, the math typeset (no raw ``$$`` or ``\\frac`` left in the text),
no serious or critical axe-core violation, a full-page screenshot kept. Without a browser:
every internal link and anchor of every page resolves, and no page or file of the public site
holds an exercise's answer (the patterns of tests/exercises/*/leaks.txt, the solution regions,
the worked answers).
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import nbformat
import pytest
from notebook_files import EXERCISES, ROOT, SOLUTIONS

from tools.release import SOLUTION_REGION, WORKED_ANSWER, colab_url, repository_url
from tools.site import DOCS_PAGES, STUDENT

pytestmark = pytest.mark.browser

NOTEBOOKS = [path.stem for path in SOLUTIONS]
PAGES = [
    "index.html",
    *(f"notebooks/{name}.html" for name in NOTEBOOKS),
    *(doc.with_suffix(".html").as_posix() for doc in DOCS_PAGES),
    "search.html",
]
THEMES = ["light", "dark"]
#: docs/screenshots/site-*.png: the landing page and notebook 4 in both themes
README_SHOTS = {"index.html": "landing", "notebooks/04_mnist_comparison.html": "notebook-4"}
SERIOUS = {"serious", "critical"}
# axe-core's CSSOM preload fetches each stylesheet again and resolves an @import against the
# page, not the stylesheet (a 404 for the theme's "../basic.css"): off; it serves one
# rule only (css-orientation-lock)
AXE_OPTIONS = {"resultTypes": ["violations"], "preload": False}
SCREENSHOTS = Path(os.environ.get("L10_SITE_SCREENSHOT_DIR") or ROOT / "build" / "site-screenshots")


# ------------------------------------------------------------------------------ in Chromium
def open_offline(chromium, server: str, path: str, theme: str):
    """A page of the site in a fresh context of the given colour scheme, the network cut.

    Returns (page, problems, context): problems collects console errors, page errors,
    failed or refused requests and HTTP errors as they happen.
    """
    context = chromium.new_context(viewport={"width": 1280, "height": 900}, color_scheme=theme)
    context.set_default_timeout(30_000)
    problems: list[str] = []

    def elsewhere(url: str) -> bool:
        return urlsplit(url).hostname not in ("127.0.0.1", "localhost") and not url.startswith(
            "data:"
        )

    def refuse(route) -> None:
        problems.append(f"request to another host: {route.request.url}")
        route.abort()

    # only what goes elsewhere is intercepted (an intercepted stylesheet's relative @import
    # resolves against the page, not the stylesheet, in Chromium)
    context.route(elsewhere, refuse)
    page = context.new_page()
    page.on(
        "console",
        lambda msg: msg.type == "error" and problems.append(f"console error: {msg.text}"),
    )
    page.on("pageerror", lambda exc: problems.append(f"page error: {exc}"))
    page.on(
        "requestfailed",
        lambda req: problems.append(f"request failed: {req.url} ({req.failure})"),
    )
    page.on(
        "response",
        lambda res: res.status >= 400 and problems.append(f"HTTP {res.status}: {res.url}"),
    )
    page.goto(f"{server}/{path}", wait_until="load")
    page.wait_for_load_state("networkidle")
    # MathJax typesets after load: wait until it is done (pages without math have no MathJax)
    page.evaluate(
        "() => window.MathJax && MathJax.startup && MathJax.startup.promise"
        " ? MathJax.startup.promise.then(() => true) : true"
    )
    return page, problems, context


#: marks one token of each kind and colour in the highlighted code (a page has thousands)
SAMPLE_CODE_TOKENS = """() => {
  const seen = new Set();
  document.querySelectorAll('.highlight span').forEach(e => {
    const key = e.className + '|' + getComputedStyle(e).color;
    if (!seen.has(key)) { seen.add(key); e.setAttribute('data-l10-sample', ''); }
  });
  return seen.size;
}"""


def axe_violations(axe, page) -> list[str]:
    """axe-core's serious and critical violations on the page, code tokens sampled.

    Every rule runs on the whole page but the highlighted code; the code's colour contrast is
    then checked on one token of each kind and colour (the same styles give the same contrast;
    checking all of a notebook's thousands of tokens took most of a page's time).
    """
    found = axe.run(page, context={"exclude": [[".highlight"]]}, options=AXE_OPTIONS)
    violations = found.response["violations"]
    if page.evaluate(SAMPLE_CODE_TOKENS):
        options = {**AXE_OPTIONS, "runOnly": ["color-contrast"]}
        sampled = axe.run(page, context={"include": [["[data-l10-sample]"]]}, options=options)
        violations += sampled.response["violations"]
    return [
        f"{v['id']} ({v['impact']}): {v['help']}; e.g. {v['nodes'][0]['target']}"
        for v in violations
        if v["impact"] in SERIOUS
    ]


#: the text a reader sees outside code: what raw LaTeX would show up in
PROSE_TEXT = """() => {
  const article = document.querySelector('article') || document.body;
  const copy = article.cloneNode(true);
  copy.querySelectorAll('pre, code, .highlight, script, style, mjx-container')
      .forEach(e => e.remove());
  return copy.textContent;
}"""


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("path", PAGES)
def test_page_reads_offline_in_both_themes(chromium, server, path, theme):
    from axe_playwright_python.sync_playwright import Axe

    page, problems, context = open_offline(chromium, server, path, theme)
    try:
        assert page.evaluate("document.documentElement.dataset.theme") == theme
        images = page.eval_on_selector_all(
            "img", "els => els.map(e => [e.getAttribute('alt') || '', e.naturalWidth, e.src])"
        )
        no_alt = [src[:80] for alt, _, src in images if not alt.strip()]
        not_loaded = [src[:80] for _, width, src in images if width == 0]
        facts = page.locator(".l10-page-facts").all_inner_texts()
        prose = page.evaluate(PROSE_TEXT)
        raw_math = [s for s in ("$$", "\\frac", "\\lambda", "\\lVert") if s in prose]
        math_errors = page.locator("mjx-merror").count()
        violations = axe_violations(Axe(), page)
        shot = SCREENSHOTS / theme / (path.replace("/", "__").removesuffix(".html") + ".png")
        shot.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(shot), full_page=True)
        if path in README_SHOTS and os.environ.get("L10_UPDATE_README_SCREENSHOTS") == "1":
            page.screenshot(path=str(shot.with_suffix(".top.png")))
            shutil.copy(
                shot.with_suffix(".top.png"),
                ROOT / "docs" / "screenshots" / f"site-{README_SHOTS[path]}-{theme}.png",
            )
    finally:
        context.close()
    assert not problems, f"{path} ({theme}): {problems}"
    if path != "search.html":
        assert re.search(r"Reading time: about \d+ min", " ".join(facts)), f"{path}: {facts}"
    assert not no_alt, f"{path}: images without alt text: {no_alt}"
    assert not not_loaded, f"{path}: images that did not load: {not_loaded}"
    assert not raw_math and not math_errors, f"{path}: raw LaTeX {raw_math}, {math_errors} errors"
    assert not violations, f"{path} ({theme}): axe-core finds {violations}"


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_notebook_page_has_run_links_times_and_copy_buttons(chromium, server, name):
    page, problems, context = open_offline(chromium, server, f"notebooks/{name}.html", "light")
    try:
        hrefs = page.eval_on_selector_all("a[href]", "els => els.map(e => e.href)")
        facts = page.locator(".l10-page-facts").inner_text()
        code_cells = page.locator("div.cell_input").count()
        copy_buttons = page.locator("div.cell_input button.copybtn").count()
    finally:
        context.close()
    assert not problems
    student = STUDENT / f"{name}.ipynb"
    assert colab_url(repository_url(ROOT), student) in hrefs
    assert f"{server}/student/{name}.ipynb" in hrefs  # the download for JupyterLab
    assert any(h.startswith("http://localhost:8888/lab/tree/student/") for h in hrefs)
    assert re.search(r"Reading time: about \d+ min \([\d,]+ words of prose at \d+ words", facts)
    assert "Run time:" in facts
    assert code_cells and copy_buttons == code_cells, (code_cells, copy_buttons)


def test_search_finds_the_notebooks_offline(chromium, server):
    page, problems, context = open_offline(chromium, server, "search.html?q=weight_decay", "light")
    try:
        page.wait_for_selector("#search-results li", timeout=30_000)
        found = page.eval_on_selector_all(
            "#search-results li a", "els => els.map(e => e.getAttribute('href'))"
        )
    finally:
        context.close()
    assert not problems
    assert any("03_sgd_weight_decay" in href for href in found), found


# ------------------------------------------------------------------------------ the files
class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list) -> None:
        attrs = dict(attrs)
        if attrs.get("id"):
            self.ids.add(attrs["id"])
        if tag == "a" and attrs.get("name"):
            self.ids.add(attrs["name"])
        if tag in ("a", "link") and attrs.get("href"):
            self.hrefs.append(attrs["href"])
        if tag in ("img", "script") and attrs.get("src"):
            self.hrefs.append(attrs["src"])


def parse(path: Path) -> _Links:
    parser = _Links()
    parser.feed(path.read_text())
    return parser


def test_every_internal_link_and_anchor_resolves(site):
    parsed = {path: parse(path) for path in site.rglob("*.html") if "_static" not in path.parts}
    assert {p.relative_to(site).as_posix() for p in parsed} >= set(PAGES)
    broken = []
    for page, links in parsed.items():
        for href in links.hrefs:
            parts = urlsplit(href)
            if parts.scheme or parts.netloc or href.startswith("data:"):
                continue
            target = (page.parent / unquote(parts.path)).resolve() if parts.path else page
            if target.is_dir():
                target = target / "index.html"
            if not target.is_file():
                broken.append(f"{page.relative_to(site)}: {href} (no such file)")
            elif parts.fragment and target.suffix == ".html":
                ids = parsed[target].ids if target in parsed else parse(target).ids
                if unquote(parts.fragment) not in ids:
                    broken.append(f"{page.relative_to(site)}: {href} (no such anchor)")
    assert not broken, broken


def site_texts(site: Path) -> dict[str, str]:
    """{file: its text} for every page and data file of the site, HTML as a reader reads it."""
    texts = {}
    for path in sorted(site.rglob("*")):
        rel = path.relative_to(site)
        if not path.is_file() or rel.parts[0] == "_static" and rel.name != "searchindex.js":
            continue
        if path.suffix in (".html", ".js", ".ipynb", ".txt", ".md", ".json"):
            text = path.read_text()
            if path.suffix == ".html":
                text = html.unescape(re.sub(r"<[^>]+>", "", text))
            text = re.sub(r"[A-Za-z0-9+/=]{400,}", "", text)  # base64 images: no prose there
            texts[rel.as_posix()] = text
    return texts


def _normal(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def test_the_public_site_shows_no_answer(site):
    texts = site_texts(site)
    assert "searchindex.js" in texts and any(name.endswith(".ipynb") for name in texts)
    leaks = []
    for file in sorted(EXERCISES.glob("*/leaks.txt")):
        for line in file.read_text().splitlines():
            if line.strip() and not line.startswith("#"):
                pattern = re.compile(line.strip())
                leaks += [f"{file.parent.name} /{line}/ in {n}" for n, t in texts.items()
                          if pattern.search(t)]  # fmt: skip
    assert not leaks, leaks
    whole = {name: _normal(text) for name, text in texts.items()}
    # JSON keeps a cell's lines as strings: compare the notebooks' code as the JSON writes it too
    for path in SOLUTIONS:
        nb = nbformat.read(path, 4)
        hidden = [_normal(m.group("body")) for c in nb.cells
                  for m in SOLUTION_REGION.finditer(c.source)]  # fmt: skip
        hidden += [_normal(c.source) for c in nb.cells
                   if WORKED_ANSWER in c.metadata.get("tags", [])]  # fmt: skip
        for body in filter(None, hidden):
            escaped = _normal(json.dumps(body)[1:-1])
            shown = [n for n, t in whole.items() if body in t or escaped in t]
            assert not shown, f"{path.name}: a solution or worked answer is in {shown}: {body[:80]}"
    # the notebooks' pages and files keep no solution region (docs/instructors.md names the
    # marker, as it should)
    notebook_files = [n for n in texts if "notebooks/" in n or n.startswith("student/")]
    assert len(notebook_files) >= 3 * len(NOTEBOOKS)
    assert not [n for n in notebook_files if "### BEGIN SOLUTION" in texts[n]]
