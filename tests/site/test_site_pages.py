"""The course website as a reader sees it: every page in headless Chromium, offline (issues 29, 35).

Each page opens from a local server with every request to another host aborted (and counted as
a failure), in the light and the dark theme: no console error, no failed request, every image
loaded and with alt text, the math typeset (no raw ``$$`` or ``\\frac`` left in the text),
no serious or critical axe-core violation, a full-page screenshot kept, one search field. On a
phone (390 × 844) and a tablet (768 × 1024, touch), both themes, every page: the contents and
the page's sections open from a visible button, by tap and by keyboard, and close again; no
page is wider than the screen; wide equations and tables show that they scroll; every figure
links its full-size PNG; the copy buttons show. A notebook printed on A4 keeps every code
line; at 1,280 px no notebook's code scrolls sideways; the search's snippets hold no menu text
and no raw LaTeX; a first visit stays light. Without a browser: every internal link and anchor
of every page resolves, the published folder holds nothing a reader does not need, and no page
or file of the public site holds an exercise's answer (the patterns of
tests/exercises/*/leaks.txt, the solution regions, the worked answers).
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

from tools.release import SOLUTION_REGION, WORKED_ANSWER, ZH, colab_url, repository_url
from tools.site import DOCS_PAGES, STUDENT

pytestmark = pytest.mark.browser

NOTEBOOKS = [path.stem for path in SOLUTIONS]
PAGES = [
    "index.html",
    "about.html",
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
DESKTOP = {"viewport": {"width": 1280, "height": 900}}
#: a phone and a tablet as Chromium emulates them (issue 35)
DEVICES = {
    "phone": {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True},
    "tablet": {"viewport": {"width": 768, "height": 1024}, "has_touch": True},
}


# ------------------------------------------------------------------------------ in Chromium
def open_offline(
    chromium, server: str, path: str, theme: str, device: dict = DESKTOP, idle: bool = True
):
    """A page of the site in a fresh context of the given colour scheme, the network cut.

    ``device``: Playwright's context options (viewport, touch); ``idle``: wait until the
    network is idle (half a second more per page) rather than for the load event only.
    Returns (page, problems, context): problems collects console errors, page errors,
    failed or refused requests and HTTP errors as they happen.
    """
    context = chromium.new_context(**device, color_scheme=theme)
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
    if idle:
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


#: lazy images load now (the figures are loading="lazy"); resolves when all have loaded
LOAD_ALL_IMAGES = """() => Promise.all(Array.from(document.images).map(img => {
  img.loading = 'eager';
  return img.complete ? null : new Promise(done => { img.onload = img.onerror = done; });
}))"""

#: the search fields and buttons a reader sees (the search page's own form counts)
VISIBLE_SEARCH_FIELDS = """() => Array.from(
  document.querySelectorAll('.search-button, .search-button-field, form.bd-search')
).filter(e => {
  const r = e.getBoundingClientRect();
  return r.width > 0 && r.height > 0 && getComputedStyle(e).visibility !== 'hidden'
    && !e.closest('dialog:not([open])');
}).length"""

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
        page.evaluate(LOAD_ALL_IMAGES)
        images = page.eval_on_selector_all(
            "img", "els => els.map(e => [e.getAttribute('alt') || '', e.naturalWidth, e.src])"
        )
        no_alt = [src[:80] for alt, _, src in images if not alt.strip()]
        not_loaded = [src[:80] for _, width, src in images if width == 0]
        facts = page.locator(".l10-page-facts").all_inner_texts()
        prose = page.evaluate(PROSE_TEXT)
        raw_math = [s for s in ("$$", "\\frac", "\\lambda", "\\lVert") if s in prose]
        math_errors = page.locator("mjx-merror").count()
        searches = page.evaluate(VISIBLE_SEARCH_FIELDS)
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
    assert searches == 1, f"{path}: {searches} search fields or buttons in view at 1,280 px"
    assert not violations, f"{path} ({theme}): axe-core finds {violations}"


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_notebook_page_has_run_links_times_and_copy_buttons(chromium, server, name):
    page, problems, context = open_offline(chromium, server, f"notebooks/{name}.html", "light")
    try:
        hrefs = page.eval_on_selector_all("a[href]", "els => els.map(e => e.href)")
        facts = page.locator(".l10-page-facts").inner_text()
        code_cells = page.locator("div.cell_input").count()
        copy_buttons = page.locator("div.cell_input button.copybtn").count()
        code_column = page.evaluate(CODE_COLUMN, CODE_LINE_LIMIT)
    finally:
        context.close()
    assert not problems
    student = STUDENT / f"{name}.ipynb"
    assert colab_url(repository_url(ROOT), student) in hrefs
    assert f"{server}/student/{name}.ipynb" in hrefs  # the download for JupyterLab
    assert any(h.startswith("http://localhost:8888/lab/tree/student/") for h in hrefs)
    # one download per notebook: the header's menu and the page's link give the student release
    notebooks = {h for h in hrefs if h.startswith(server) and h.split("?")[0].endswith(".ipynb")}
    assert notebooks == {f"{server}/student/{name}.ipynb"}, notebooks
    assert re.search(r"Reading time: about \d+ min \([\d,]+ words of prose at \d+ words", facts)
    assert "Run time:" in facts
    assert code_cells and copy_buttons == code_cells, (code_cells, copy_buttons)
    # at 1,280 px the code column holds every code line of the notebook (issue 35)
    assert code_column["chars"] >= CODE_LINE_LIMIT, code_column
    assert not code_column["scrolling"], f"{name}: code that scrolls sideways: {code_column}"


#: the notebooks' longest code line as their formatter allows it (pyproject.toml's ruff
#: line-length); a longer line is the notebooks' test's to catch, not the site's
CODE_LINE_LIMIT = 100

#: how many characters a code cell's column holds, and the code cells that scroll sideways
#: though their longest line is within the limit
CODE_COLUMN = """(limit) => {
  const pres = Array.from(document.querySelectorAll('div.cell_input pre'));
  const probe = document.createElement('span');
  probe.textContent = 'x'.repeat(100);
  pres[0].appendChild(probe);
  const char = probe.getBoundingClientRect().width / 100;
  probe.remove();
  const style = getComputedStyle(pres[0]);
  const padding = parseFloat(style.paddingLeft) + parseFloat(style.paddingRight);
  const longest = pre => Math.max(...pre.textContent.split('\\n').map(line => line.length));
  const scrolling = pres.filter(pre => pre.scrollWidth > pre.clientWidth + 1);
  const describe = pre => `${longest(pre)} characters: ${pre.textContent.slice(0, 50)}`;
  return {
    chars: Math.floor((pres[0].clientWidth - padding) / char),
    scrolling: scrolling.filter(pre => longest(pre) <= limit).map(describe),
    tooLong: scrolling.filter(pre => longest(pre) > limit).map(describe),
  };
}"""

#: A4 paper (210 mm at 96 px per inch) less Chromium's default margins of about 1 cm
A4_WIDTH = 718


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_printed_notebook_keeps_every_code_line(chromium, server, name):
    """Printed on A4, no code or output block cuts its lines off (they wrap)."""
    device = {"viewport": {"width": A4_WIDTH, "height": 1000}}
    page, problems, context = open_offline(
        chromium, server, f"notebooks/{name}.html", "light", device, idle=False
    )
    try:
        page.emulate_media(media="print")
        cut = page.evaluate(
            """() => Array.from(document.querySelectorAll('pre'))
                .filter(pre => pre.offsetParent !== null && pre.scrollWidth > pre.clientWidth + 1)
                .map(pre => pre.textContent.slice(0, 60))"""
        )
        width = page.evaluate("document.documentElement.scrollWidth")
    finally:
        context.close()
    assert not problems
    assert not cut, f"{name}: {len(cut)} blocks lose their line ends on paper: {cut[:3]}"
    assert width <= A4_WIDTH, f"{name}: the printed page is {width} px wide"


#: what the theme's menus and the site's boxes say: never in a search snippet
MENU_TEXT = re.compile(r"System Settings|print / PDF|Run it:|(^|\s|\.\.\.)\.(ipynb|pdf)\b")
RAW_LATEX = re.compile(
    r"\\(frac|lambda|lVert|rVert|mathbf|sum|eta|nabla|text|cdot)\b|\\[()\[\]]|\$\$"
)


@pytest.mark.parametrize("query", ["weight_decay", "penalty"])
def test_search_finds_the_notebooks_offline(chromium, server, query):
    page, problems, context = open_offline(chromium, server, f"search.html?q={query}", "light")
    try:
        page.wait_for_selector("#search-results li", timeout=30_000)
        found = page.eval_on_selector_all(
            "#search-results li a", "els => els.map(e => e.getAttribute('href'))"
        )
        # each result's snippet comes from fetching its page: wait for all of them
        page.wait_for_function(
            "n => document.querySelectorAll('#search-results li p.context').length >= n",
            arg=len(found),
        )
        snippets = page.eval_on_selector_all(
            "#search-results li p.context", "els => els.map(e => e.textContent)"
        )
    finally:
        context.close()
    assert not problems
    assert any("03_sgd_weight_decay" in href for href in found), found
    snippets = [" ".join(s.split()) for s in snippets]
    menus = [(m.group(0), s[:80]) for s in snippets for m in [MENU_TEXT.search(s)] if m]
    assert not menus, f"search snippets show menu text: {menus}"
    latex = [(m.group(0), s[:80]) for s in snippets for m in [RAW_LATEX.search(s)] if m]
    assert not latex, f"search snippets show raw LaTeX: {latex}"


#: half of the 3.9 MB a first visit downloaded with the theme's defaults (issue 35), and the
#: start page's own share without MathJax (which it loads only for a formula in a notebook's
#: learning goals)
FIRST_VISIT_BYTES = 2_400_000
FIRST_VISIT_WITHOUT_MATHJAX = 1_200_000


def test_a_first_visit_stays_light(chromium, server):
    """The start page on a phone, a first visit (no cache): what it downloads, in bytes."""
    page, problems, context = open_offline(chromium, server, "", "light", DEVICES["phone"])
    sizes: dict[str, int] = {}
    try:
        # the resources the page loaded, as the browser measured their bodies
        entries = page.evaluate(
            """() => performance.getEntriesByType('resource')
                .concat(performance.getEntriesByType('navigation'))
                .map(e => [e.name, e.decodedBodySize])"""
        )
        sizes = {urlsplit(name).path: size for name, size in entries}
    finally:
        context.close()
    assert not problems
    total = sum(sizes.values())
    mathjax = sum(size for path, size in sizes.items() if "/mathjax/" in path)
    biggest = sorted(sizes.items(), key=lambda item: -item[1])[:5]
    assert sizes.get("/_static/scripts/fontawesome.js", 0) < 10_000, biggest
    assert total <= FIRST_VISIT_BYTES, f"a first visit downloads {total:,} bytes: {biggest}"
    assert total - mathjax <= FIRST_VISIT_WITHOUT_MATHJAX, (total, mathjax, biggest)


# ------------------------------------------------------------------------------ phone, tablet
#: what a page looks like at a narrow width: its width, the boxes that scroll sideways, the
#: figures and their full-size links, the next/previous links, the copy buttons
NARROW_LAYOUT = """async () => {
  const width = document.documentElement.clientWidth;
  const scrollsIn = e => {
    for (let p = e.parentElement; p; p = p.parentElement) {
      if (['auto', 'scroll', 'hidden'].includes(getComputedStyle(p).overflowX)) return true;
    }
    return false;
  };
  const tooWide = Array.from(document.querySelectorAll('body *'))
    .filter(e => e.children.length === 0 && e.getBoundingClientRect().right > width + 1
                 && e.getBoundingClientRect().width > 0 && !scrollsIn(e))
    .map(e => `${e.tagName}.${e.className}: ${(e.textContent || '').trim().slice(0, 40)}`);
  const quiet = box => {
    const style = getComputedStyle(box);
    const scrolls = ['auto', 'scroll'].includes(style.overflowX);
    return !scrolls || !style.backgroundImage.includes('gradient');
  };
  const equations = Array.from(document.querySelectorAll('div.math mjx-container'))
    .filter(m => m.scrollWidth > m.clientWidth + 1);
  const tables = Array.from(document.querySelectorAll('.pst-scrollable-table-container'))
    .filter(t => t.scrollWidth > t.clientWidth + 1);
  const lostColumn = tables.filter(t => {
    t.scrollLeft = t.scrollWidth;
    const cell = t.querySelector('tr > :first-child');
    const hidden = cell && cell.getBoundingClientRect().left < t.getBoundingClientRect().left - 1;
    t.scrollLeft = 0;
    return hidden;
  }).length;
  const clipped = Array.from(document.querySelectorAll('.prev-next-area a, .prev-next-title'))
    .filter(a => a.scrollWidth > a.clientWidth + 1).map(a => a.textContent.trim().slice(0, 40));
  const figures = [];
  for (const img of document.querySelectorAll('article .cell_output img')) {
    img.loading = 'eager';
    if (!img.complete) await new Promise(done => { img.onload = img.onerror = done; });
    const link = img.closest('a[href]');
    let full = null;
    if (link) {
      const probe = new Image();
      probe.src = link.href;
      await new Promise(done => { probe.onload = probe.onerror = done; });
      full = probe.naturalWidth;
    }
    figures.push({src: img.src.slice(-40), natural: img.naturalWidth, shown: img.clientWidth,
                  link: link ? link.getAttribute('href') : null, full});
  }
  const copy = Array.from(document.querySelectorAll('div.highlight button.copybtn'))
    .filter(b => getComputedStyle(b).opacity !== '1').length;
  return {width, scrollWidth: document.documentElement.scrollWidth, tooWide: tooWide.slice(0, 5),
          quietEquations: equations.filter(quiet).length, wideEquations: equations.length,
          quietTables: tables.filter(quiet).length, lostColumn, clipped, figures, hiddenCopy: copy};
}"""

#: the visible buttons of the article's header that open the contents and the page's sections
TOGGLE = {
    "primary": ".bd-header-article .primary-toggle",
    "secondary": ".bd-header-article .secondary-toggle",
}
DIALOG = {"primary": "#pst-primary-sidebar-modal", "secondary": "#pst-secondary-sidebar-modal"}


def drawer_links(page, side: str) -> list[str]:
    """The links a reader sees in the open drawer (inside the screen), as their hrefs."""
    return page.eval_on_selector_all(
        f"{DIALOG[side]} a[href]",
        """els => els.filter(a => { const r = a.getBoundingClientRect();
            return r.width > 0 && r.height > 0 && r.left >= 0 && r.right <= innerWidth + 1
                   && getComputedStyle(a).visibility !== 'hidden'; })
          .map(a => a.getAttribute('href'))""",
    )


def is_open(page, side: str) -> bool:
    """Whether the drawer is open (a page without sections has no sections drawer)."""
    return page.evaluate(f"!!(document.querySelector('{DIALOG[side]}') || {{}}).open")


def use_drawer(page, side: str, how: str, shot: Path | None) -> list[str]:
    """Open a drawer from its visible button (a tap, or the keyboard: focus and Enter), take
    the links it shows, close it (its Close button, or Escape); return the links."""
    toggle = page.locator(TOGGLE[side])
    assert toggle.is_visible(), f"no visible button opens the {side} drawer"
    if how == "tap":
        toggle.tap()
    else:
        toggle.focus()
        page.keyboard.press("Enter")
    from playwright.sync_api import TimeoutError as Timeout

    try:
        page.wait_for_function(
            f"document.querySelector('{DIALOG[side]}').open", polling=100, timeout=5_000
        )
    except Timeout:
        pytest.fail(
            f"the visible {side} button ({how}) opened no drawer: the themes bind another "
            "button (pydata-sphinx-theme #2451, sphinx-book-theme #988)",
            pytrace=False,
        )
    links = drawer_links(page, side)
    if shot:
        page.wait_for_timeout(250)  # the drawer slides in
        page.screenshot(path=str(shot))
    # the Close button comes right after the themes' listeners; it takes the keyboard focus
    close = page.locator(f"{DIALOG[side]} .l10-drawer-close")
    try:
        close.wait_for(state="visible", timeout=5_000)
    except Timeout:
        pytest.fail(f"the open {side} drawer shows no Close button", pytrace=False)
    if how == "tap":
        close.tap()
    else:
        page.keyboard.press("Escape")
    try:
        page.wait_for_function(
            f"!document.querySelector('{DIALOG[side]}').open", polling=100, timeout=10_000
        )
    except Timeout:
        focus = page.evaluate("() => document.activeElement && document.activeElement.outerHTML")
        pytest.fail(f"the {side} drawer did not close ({how}); focus on {focus[:120]}")
    return links


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("device", sorted(DEVICES))
@pytest.mark.parametrize("path", PAGES)
def test_page_on_a_phone_and_a_tablet(chromium, server, path, device, theme):
    """On a phone and a tablet: the drawers open and close, nothing is wider than the screen,
    wide equations and tables show that they scroll, figures link their full size."""
    page, problems, context = open_offline(
        chromium, server, path, theme, DEVICES[device], idle=False
    )
    folder = SCREENSHOTS / f"{device}-{theme}"
    folder.mkdir(parents=True, exist_ok=True)
    name = path.replace("/", "__").removesuffix(".html")
    where = f"{path} ({device}, {theme})"
    try:
        page.evaluate("() => document.fonts.ready.then(() => true)")
        layout = page.evaluate(NARROW_LAYOUT)
        page.screenshot(path=str(folder / f"{name}.png"))
        assert layout["scrollWidth"] <= layout["width"], (
            f"{where}: the page is {layout['scrollWidth']} px wide on a {layout['width']} px "
            f"screen: {layout['tooWide']}"
        )
        assert not layout["quietEquations"], f"{where}: wide equations that hide that they scroll"
        assert not layout["quietTables"] and not layout["lostColumn"], f"{where}: tables {layout}"
        assert not layout["clipped"], f"{where}: next/previous titles cut off: {layout['clipped']}"
        assert not layout["hiddenCopy"], f"{where}: {layout['hiddenCopy']} copy buttons hidden"
        for figure in layout["figures"]:
            assert figure["link"] and figure["link"].endswith(".png"), f"{where}: {figure}"
            assert figure["full"] == figure["natural"] > 0, f"{where}: no full size {figure}"
        # the course's contents and the page's sections (where it has any): by tap, and on
        # the phone by keyboard too (the same buttons and drawers at both widths)
        ways = ["tap", "keyboard"] if device == "phone" else ["tap"]
        shots = [folder / f"{name}.contents.png", None]
        contents = [use_drawer(page, "primary", how, shots[i]) for i, how in enumerate(ways)]
        sections = None
        if page.locator(TOGGLE["secondary"]).count():
            sections = [use_drawer(page, "secondary", how, None) for how in ways]
        still_open = is_open(page, "primary") or is_open(page, "secondary")
    finally:
        context.close()
    assert not problems, f"{where}: {problems}"
    notebooks = {f"{name}.html" for name in NOTEBOOKS}
    for links in contents:
        # the page's own entry links "#"
        shown = {(path if href == "#" else href).rsplit("/", 1)[-1] for href in links}
        assert notebooks <= shown, f"{where}: the contents show {sorted(shown)}"
    assert sections is None or all(sections), f"{where}: the sections drawer shows no link"
    assert not still_open, f"{where}: a drawer stays open"


@pytest.mark.parametrize("theme", THEMES)
def test_sidebar_buttons_on_a_tablet_in_landscape(chromium, server, theme):
    """At 1,024 px the contents stay beside the page and its button hides and shows them; the
    page's sections open as a drawer from their button."""
    device = {"viewport": {"width": 1024, "height": 768}, "has_touch": True}
    path = f"notebooks/{NOTEBOOKS[1]}.html"
    page, problems, context = open_offline(chromium, server, path, theme, device, idle=False)
    shown = "() => getComputedStyle(document.getElementById('pst-primary-sidebar')).visibility"
    try:
        before = page.evaluate(shown)
        page.locator(TOGGLE["primary"]).tap()
        page.wait_for_timeout(400)  # the sidebar slides out
        hidden = page.evaluate(shown)
        page.locator(TOGGLE["primary"]).focus()
        page.keyboard.press("Enter")
        page.wait_for_timeout(400)
        again = page.evaluate(shown)
        sections = use_drawer(page, "secondary", "tap", SCREENSHOTS / f"tablet-1024-{theme}.png")
    finally:
        context.close()
    assert not problems
    assert (before, hidden, again) == ("visible", "hidden", "visible")
    assert sections, "the sections drawer shows no link at 1,024 px"


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


def test_the_start_page_is_for_students(site):
    """The start page: each notebook's page, Colab and download links, no maintainers'
    commands; the README is the About page."""
    start = (site / "index.html").read_text()
    text = html.unescape(re.sub(r"<[^>]+>", " ", start.split('<article class="bd-article">')[-1]))
    url = repository_url(ROOT)
    for name in NOTEBOOKS:
        assert f'href="notebooks/{name}.html"' in start, name
        assert f'href="student/{name}.ipynb" download' in start, name
        assert html.escape(colab_url(url, STUDENT / f"{name}.ipynb")) in start, name
    for command in ("pytest", ".ci/run", "pip install"):
        assert command not in text, f"the start page shows the maintainers' {command}"
    assert 'href="docs/instructors.html"' in start and 'href="about.html"' in start
    assert (site / "about.html").is_file()


def test_the_last_notebooks_next_is_not_the_grading_page(site):
    last = (site / "notebooks" / f"{NOTEBOOKS[-1]}.html").read_text()
    after = re.search(r'<a class="right-next"\s+href="([^"]+)"', last)
    assert after and "instructors" not in after.group(1), after and after.group(1)


def test_the_published_folder_holds_what_readers_need(site):
    """No build cache or record, no page sources, no source maps, no unused MathJax bundle, no
    1.5 MB icon script (issue 35); each notebook's one download is its student release."""
    files = {path.relative_to(site).as_posix() for path in site.rglob("*") if path.is_file()}
    unread = sorted(
        f
        for f in files
        if f.startswith((".doctrees/", "_sources/"))
        or f in (".buildinfo", "objects.inv")
        or f.endswith(".map")
        or re.fullmatch(r"_static/mathjax/(tex-svg|tex-mml|mml-|tex-chtml-full).*\.js", f)
    )
    assert not unread, unread[:10]
    assert "_static/mathjax/tex-chtml.js" in files
    assert (site / "_static/scripts/fontawesome.js").stat().st_size < 10_000
    downloads = sorted(f for f in files if f.endswith(".ipynb"))
    # the student releases, English and Chinese (zh/: the Chinese edition's own)
    assert downloads == [f"student/{name}.ipynb" for name in NOTEBOOKS] + [
        f"zh/student/{name}.ipynb" for name in NOTEBOOKS
    ], downloads
    for download in downloads:
        released = nbformat.read(site / download, 4)
        assert not [c for c in released.cells if c.cell_type == "code" and c.outputs], download
    assert sum(f.startswith("notebooks/figures/") and f.endswith(".png") for f in files) >= 5


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
    # (the Chinese edition's solution notebooks too: their worked answers are in Chinese)
    for path in [*SOLUTIONS, *sorted((ROOT / ZH / "solutions").glob("*.ipynb"))]:
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
    notebook_files = [n for n in texts if "notebooks/" in n or "student/" in n]
    assert len(notebook_files) >= 4 * len(NOTEBOOKS)  # each page and release, in both languages
    assert not [n for n in notebook_files if "### BEGIN SOLUTION" in texts[n]]
