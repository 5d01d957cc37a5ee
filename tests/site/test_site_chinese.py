"""The website's Chinese edition (``zh/``, issue 37 item 4) as a reader sees it.

Its pages (the start page, the five notebooks, the search page) open offline in headless
Chromium in both themes: no console error or failed request, axe-core clean, the theme's own
labels in Chinese (Sphinx's ``language = "zh_CN"``), a full-page screenshot of each in
``build/site-screenshots/<theme>/zh__*.png``; on a phone (390 px), both themes, no page scrolls
sideways, the contents drawer opens and shows the five notebooks, the language switch is in
view. The switch goes both ways, by keyboard, to the same page in the other edition (an
English-only page's to the Chinese start page). The search finds 权重衰减 in the notebooks
that hold it. Chinese text is drawn in a font that has its characters: no empty boxes ("tofu"),
checked on screenshots of single characters and on every Han character the pages show; a
machine without a CJK font fails with what to install. The files: each edition's start page
links the other, and the Chinese search index holds the Chinese text.
"""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
from pathlib import Path
from urllib.parse import quote, urljoin, urlsplit

import nbformat
import pytest
from notebook_files import ROOT, SOLUTIONS
from test_site_pages import (
    DEVICES,
    LOAD_ALL_IMAGES,
    MENU_TEXT,
    PAGES,
    PROSE_TEXT,
    RAW_LATEX,
    SCREENSHOTS,
    THEMES,
    VISIBLE_SEARCH_FIELDS,
    axe_violations,
    open_offline,
    use_drawer,
)

from tools.release import ZH
from tools.site import HAN, ZH_SITE, public_notebook

pytestmark = pytest.mark.browser

NOTEBOOKS = [path.stem for path in SOLUTIONS]
#: the Chinese edition's pages, and the English pages they switch to (the same page names)
ZH_PAGES = [
    f"{ZH_SITE}/index.html",
    *(f"{ZH_SITE}/notebooks/{name}.html" for name in NOTEBOOKS),
    f"{ZH_SITE}/search.html",
]
QUERY = "权重衰减"  # weight decay
#: and a word of two characters: Sphinx's search matches a query of three or more characters
#: inside longer indexed words, so that a page built without the Chinese search language
#: still finds 权重衰减 inside a run of Han characters, but not 惩罚
QUERIES = [QUERY, "惩罚"]  # weight decay; penalty
#: what Debian calls the fonts CI installs (.ci/run, chromium_installed)
CJK_FONT_PACKAGE = "fonts-noto-cjk"


def english(path: str) -> str:
    """The English page of a Chinese one."""
    return path.removeprefix(f"{ZH_SITE}/")


def switch_target(page_url: str, page) -> dict:
    """The language switch of the open page: its text, lang, hreflang, where it leads, and
    whether a reader sees it."""
    found = page.evaluate(
        """() => {
          const a = document.querySelector('a.l10-language-switch');
          if (!a) return null;
          const r = a.getBoundingClientRect();
          return {href: a.getAttribute('href'), lang: a.lang, hreflang: a.hreflang,
                  text: a.textContent.trim(), left: r.left, right: r.right, top: r.top,
                  bottom: r.bottom, visible: r.width > 0 && r.height > 0
                    && getComputedStyle(a).visibility !== 'hidden'};
        }"""
    )
    if found:
        found["url"] = urljoin(page_url, found["href"])
    return found


# ------------------------------------------------------------------------------ every page
@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("path", ZH_PAGES)
def test_chinese_page_reads_offline_in_both_themes(chromium, server, path, theme):
    from axe_playwright_python.sync_playwright import Axe

    page, problems, context = open_offline(chromium, server, path, theme)
    try:
        lang = page.evaluate("document.documentElement.lang")
        assert page.evaluate("document.documentElement.dataset.theme") == theme
        page.evaluate(LOAD_ALL_IMAGES)
        images = page.eval_on_selector_all(
            "img", "els => els.map(e => [e.getAttribute('alt') || '', e.naturalWidth, e.src])"
        )
        facts = " ".join(page.locator(".l10-page-facts").all_inner_texts())
        prose = page.evaluate(PROSE_TEXT)
        raw_math = [s for s in ("$$", "\\frac", "\\lambda", "\\lVert") if s in prose]
        math_errors = page.locator("mjx-merror").count()
        searches = page.evaluate(VISIBLE_SEARCH_FIELDS)
        label = page.locator(".search-button__default-text").first.inner_text()
        switch = switch_target(page.url, page)
        violations = axe_violations(Axe(), page)
        shot = SCREENSHOTS / theme / (path.replace("/", "__").removesuffix(".html") + ".png")
        shot.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(shot), full_page=True)
    finally:
        context.close()
    assert not problems, f"{path} ({theme}): {problems}"
    assert lang == "zh-CN", f"{path}: <html lang={lang!r}>: not built with language zh_CN"
    assert label == "搜索", f"{path}: the theme's search label is {label!r}, not Chinese"
    if path != f"{ZH_SITE}/search.html":
        assert re.search(r"阅读时间：.*约 \d+ 分钟（[\d,]+ 个汉字", facts), f"{path}: {facts}"
    assert not [src for alt, _, src in images if not alt.strip()], f"{path}: images without alt"
    assert not [src for _, width, src in images if width == 0], f"{path}: images not loaded"
    assert not raw_math and not math_errors, f"{path}: raw LaTeX {raw_math}, {math_errors} errors"
    assert searches == 1, f"{path}: {searches} search fields or buttons in view at 1,280 px"
    assert switch and switch["visible"], f"{path}: no language switch in view"
    assert (switch["lang"], switch["hreflang"], switch["text"]) == ("en", "en", "English"), switch
    assert switch["url"] == f"{server}/{english(path)}", switch
    assert not violations, f"{path} ({theme}): axe-core finds {violations}"


#: what the phone shows of a page: its width against the screen's, what sticks out
PHONE_LAYOUT = """() => {
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
  return {width, scrollWidth: document.documentElement.scrollWidth, tooWide: tooWide.slice(0, 5)};
}"""


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("path", ZH_PAGES)
def test_chinese_page_on_a_phone(chromium, server, path, theme):
    """At 390 px: no sideways scroll, the language switch in view, the contents drawer opens
    (by tap) and shows the five notebooks, and closes."""
    page, problems, context = open_offline(
        chromium, server, path, theme, DEVICES["phone"], idle=False
    )
    folder = SCREENSHOTS / f"phone-{theme}"
    folder.mkdir(parents=True, exist_ok=True)
    name = path.replace("/", "__").removesuffix(".html")
    try:
        page.evaluate("() => document.fonts.ready.then(() => true)")
        layout = page.evaluate(PHONE_LAYOUT)
        switch = switch_target(page.url, page)
        page.screenshot(path=str(folder / f"{name}.png"))
        contents = use_drawer(page, "primary", "tap", folder / f"{name}.contents.png")
    finally:
        context.close()
    where = f"{path} (phone, {theme})"
    assert not problems, f"{where}: {problems}"
    assert layout["scrollWidth"] <= layout["width"], (
        f"{where}: the page is {layout['scrollWidth']} px wide on a {layout['width']} px "
        f"screen: {layout['tooWide']}"
    )
    assert switch and switch["visible"], f"{where}: no language switch"
    assert 0 <= switch["left"] and switch["right"] <= layout["width"] and switch["top"] >= 0, (
        f"{where}: the language switch is off the screen: {switch}"
    )
    shown = {(path if href == "#" else href).rsplit("/", 1)[-1] for href in contents}
    assert {f"{n}.html" for n in NOTEBOOKS} <= shown, f"{where}: the contents show {shown}"


# ------------------------------------------------------------------------------ the switch
def tab_to_switch(page, limit: int = 40) -> bool:
    """Press Tab from the top of the page until the language switch has the focus."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(
            "() => !!document.activeElement"
            " && document.activeElement.classList.contains('l10-language-switch')"
        ):
            return True
    return False


@pytest.mark.parametrize("path", ["index.html", f"notebooks/{NOTEBOOKS[2]}.html", "search.html"])
def test_the_switch_goes_both_ways_by_keyboard(chromium, server, path):
    """On a phone, by keyboard: the English page's switch opens the same page in Chinese, and
    that page's switch opens the English page again (every page's switch: the next test)."""
    # each page loads all it asks for before the switch is used (a navigation aborts the
    # requests still under way, which would count as failed)
    page, problems, context = open_offline(chromium, server, path, "light", DEVICES["phone"])
    visited = []
    try:
        for expected in (f"{ZH_SITE}/{path}", path):
            assert tab_to_switch(page), f"{page.url}: Tab never reaches the language switch"
            with page.expect_navigation(wait_until="load"):
                page.keyboard.press("Enter")
            page.wait_for_load_state("networkidle")
            visited.append(urlsplit(page.url).path.lstrip("/"))
            lang = page.evaluate("document.documentElement.lang")
            assert visited[-1] == expected, f"the switch led to {visited[-1]}, not {expected}"
            assert lang == ("zh-CN" if expected.startswith(f"{ZH_SITE}/") else "en"), lang
    finally:
        context.close()
    assert not problems, f"{path}: {problems}"


def switch_href(file: Path) -> str | None:
    """The language switch's href on a built page (None: no switch)."""
    found = re.search(r'<a class="btn btn-sm l10-language-switch" href="([^"]+)"', file.read_text())
    return found and html.unescape(found.group(1))


def test_every_page_switches_to_the_same_page_in_the_other_language(site):
    """English pages that have a Chinese page lead to it; the English-only ones (the docs pages
    and About) to the Chinese start page; every Chinese page to its English page."""
    zh = {english(p) for p in ZH_PAGES}
    wrong = []
    for path in [*PAGES, *ZH_PAGES]:
        file = site / path
        href = switch_href(file)
        target = (
            english(path)
            if path.startswith(f"{ZH_SITE}/")
            else f"{ZH_SITE}/{path if path in zh else 'index.html'}"
        )
        resolved = (file.parent / (href or "")).resolve()
        if href is None or resolved != (site / target).resolve():
            wrong.append(f"{path}: {href} (not {target})")
    assert not wrong, wrong


def test_each_start_page_links_the_other_edition(site):
    english_start = (site / "index.html").read_text()
    chinese_start = (site / ZH_SITE / "index.html").read_text()
    article = re.compile(r'<article class="bd-article">(.*?)</article>', re.DOTALL)
    assert re.search(
        r'<a href="zh/index.html" hreflang="zh-CN" lang="zh-CN">中文版</a>',
        article.search(english_start).group(1),
    ), "the English start page does not link the Chinese edition"
    assert re.search(
        r'<a href="\.\./index.html" hreflang="en" lang="en">English edition</a>',
        article.search(chinese_start).group(1),
    ), "the Chinese start page does not link the English edition"
    for name in NOTEBOOKS:  # the Chinese student notebooks, from the Chinese start page
        assert f'href="student/{name}.ipynb" download' in chinese_start
        assert quote(f"notebooks/zh/student/{name}.ipynb", safe="/") in chinese_start
        assert (site / ZH_SITE / "student" / f"{name}.ipynb").is_file()


# ------------------------------------------------------------------------------ search
def pages_with(word: str) -> set[str]:
    """The notebooks whose public Chinese page holds ``word`` in its prose."""
    found = set()
    for name in NOTEBOOKS:
        nb = public_notebook(nbformat.read(ROOT / ZH / "solutions" / f"{name}.ipynb", 4))
        if any(word in c.source for c in nb.cells if c.cell_type == "markdown"):
            found.add(name)
    return found


def test_the_chinese_search_index_holds_chinese_words(site):
    """Sphinx's Chinese search indexes no Chinese without jieba: the site's index holds each
    pair of neighbouring characters (conf.py, SearchChineseBigrams)."""
    text = (site / ZH_SITE / "searchindex.js").read_text()
    index = json.loads(text[text.index("(") + 1 : text.rindex(")")])
    docnames = index["docnames"]

    def pages(term: str) -> set[str]:  # a section's title words are its page's title terms
        found = set()
        for kind in ("terms", "titleterms"):
            ids = index[kind].get(term, [])
            found |= {docnames[i] for i in (ids if isinstance(ids, list) else [ids])}
        return found

    wanted = {f"notebooks/{name}" for name in pages_with(QUERY)}
    for pair in ("权重", "重衰", "衰减"):
        assert wanted <= pages(pair), f"the Chinese search index has {pair} in {pages(pair)}"


@pytest.mark.parametrize("query", QUERIES)
def test_the_chinese_search_finds_the_notebooks(chromium, server, query):
    expected = pages_with(query)
    assert expected, f"no Chinese notebook says {query}: choose another word"
    page, problems, context = open_offline(
        chromium, server, f"{ZH_SITE}/search.html?q={quote(query)}", "light"
    )
    try:
        page.wait_for_selector("#search-results li", timeout=30_000)
        found = page.eval_on_selector_all("#search-results li a", "els => els.map(e => e.href)")
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
    pages = {urlsplit(href).path.lstrip("/").split("#")[0] for href in found}
    wanted = {f"{ZH_SITE}/notebooks/{name}.html" for name in expected}
    assert wanted <= pages, f"searching {query} finds {sorted(pages)}, not {sorted(wanted)}"
    assert all(p.startswith(f"{ZH_SITE}/") for p in pages), pages
    snippets = [" ".join(s.split()) for s in snippets]
    assert any(query[-2:] in s for s in snippets), snippets
    assert not [s for s in snippets if MENU_TEXT.search(s) or RAW_LATEX.search(s)], snippets


# ------------------------------------------------------------------------------ fonts
def cjk_fonts() -> list[str] | None:
    """The installed fonts that have Chinese characters (None: no fontconfig to ask)."""
    if shutil.which("fc-list") is None:
        return None
    listed = subprocess.run(
        ["fc-list", ":lang=zh", "family"], capture_output=True, text=True, check=True
    ).stdout
    return sorted({line.strip() for line in listed.splitlines() if line.strip()})


#: a box in the article's own font and language: one span for each character, drawn alone
GLYPH_BOX = """(chars) => {
  const box = document.createElement('div');
  box.id = 'l10-glyphs';
  const article = document.querySelector('article.bd-article') || document.body;
  box.style.cssText = 'position: fixed; left: 0; top: 0; z-index: 9999; display: flex; '
    + 'gap: 12px; padding: 8px; background: #fff; color: #000; font-size: 40px; line-height: 1.3';
  box.style.fontFamily = getComputedStyle(article).fontFamily;
  chars.forEach((c, i) => {
    const span = document.createElement('span');
    span.id = `l10-glyph-${i}`;
    span.textContent = c;
    box.appendChild(span);
  });
  document.body.appendChild(box);
}"""

#: the characters among ``chars`` that the page's font draws exactly as it draws a code
#: point no font has (U+0378, unassigned): the missing glyph's box
TOFU = """(chars) => {
  const family = getComputedStyle(document.querySelector('article.bd-article')).fontFamily;
  const canvas = document.createElement('canvas');
  canvas.width = canvas.height = 48;
  const ctx = canvas.getContext('2d', {willReadFrequently: true});
  const draw = c => {
    ctx.clearRect(0, 0, 48, 48);
    ctx.font = `32px ${family}`;
    ctx.fillStyle = '#000';
    ctx.fillText(c, 4, 38);
    return Array.from(ctx.getImageData(0, 0, 48, 48).data.filter((_, i) => i % 4 === 3)).join();
  };
  const missing = draw('\\u0378');
  return chars.filter(c => draw(c) === missing);
}"""


def test_chinese_text_is_drawn_in_a_font_that_has_it(chromium, server, site):
    """No tofu: single characters of 权重衰减 screenshot differently from each other and from
    the missing glyph's box, and no Han character of any Chinese page draws as that box."""
    fonts = cjk_fonts()
    assert fonts is None or fonts, (
        "no font with Chinese characters is installed (fc-list :lang=zh lists none): the "
        f"Chinese pages show empty boxes. Install one: apt-get install -y {CJK_FONT_PACKAGE} "
        "(.ci/run's chromium_installed does)"
    )
    shown = set()
    for path in ZH_PAGES:
        text = html.unescape(re.sub(r"<[^>]+>", " ", (site / path).read_text()))
        shown |= set(HAN.findall(text))
    page, problems, context = open_offline(chromium, server, ZH_PAGES[0], "light")
    folder = SCREENSHOTS / "zh-fonts"
    folder.mkdir(parents=True, exist_ok=True)
    try:
        chars = [*QUERY, "\u0378"]  # the last: no font has it
        page.evaluate(GLYPH_BOX, chars)
        page.locator("#l10-glyphs").screenshot(path=str(folder / "glyphs.png"))
        shots = [page.locator(f"#l10-glyph-{i}").screenshot() for i in range(len(chars))]
        tofu = page.evaluate(TOFU, sorted(shown))
        page.screenshot(path=str(folder / "start-page.png"))
    finally:
        context.close()
    assert not problems
    assert len(shown) > 500, f"only {len(shown)} Han characters on the Chinese pages"
    *chinese, missing = shots
    boxes = len(set(chinese)) < len(QUERY) or missing in chinese
    assert not boxes, (
        f"{QUERY} is drawn as empty boxes (its characters' screenshots are alike, or like the "
        f"missing glyph's: {folder / 'glyphs.png'}), and {len(tofu)} of the {len(shown)} Han "
        f"characters of the Chinese pages: install a CJK font (apt-get install -y "
        f"{CJK_FONT_PACKAGE}); fc-list :lang=zh finds {fonts}"
    )
    assert not tofu, f"{len(tofu)} Han characters of the Chinese pages drawn as boxes: {tofu[:20]}"
