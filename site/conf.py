"""Sphinx configuration of the course website (``python -m tools.site`` copies it beside the
pages it stages in build/site-src and runs Sphinx there; see docs/site.md).

Jupyter Book 1's engine, configured directly: MyST-NB reads the notebooks without running them
(their stored outputs are the reference run's), sphinx-book-theme draws the pages (light and
dark), sphinx-copybutton puts a copy button on every code cell, Sphinx's own search indexes
every page. Everything a page loads is in the output folder: MathJax is the copy that
``tools.site`` installs from npm into ``_static/mathjax``; the theme ships its fonts and icons.

On a phone and a tablet (issue 35): ``navbar_persistent = []`` and ``_static/l10-site.js``
make the sidebar buttons work below 1200 px (pydata-sphinx-theme #2451, sphinx-book-theme
#988); the script also cleans the search snippets. ``_static/site.css`` wraps long code and
words, shows where equations and tables scroll, widens the code column and prints code whole;
``_static/scripts/fontawesome.js`` replaces the theme's 1.56 MB icon script (the icons come
from the theme's CSS and web fonts); the header's download menu offers the student release.

Two editions use this file (``site.json``'s ``language``): the English one, and the Chinese one
(``zh_CN``: the theme's labels in Chinese, built into ``zh/``). Every page's article header has
a link to the same page in the other edition (``_templates/l10-language-switch.html``; an
English-only page's leads to the Chinese start page); the Chinese sidebar lists the
English-only pages (``_templates/l10-english-pages.html``). The Chinese search index holds each
Han character and each pair of neighbours (``SearchChineseBigrams``), and the search page splits
a query the same way: Sphinx's own Chinese search indexes no Chinese word without jieba.
"""

import json
import re
from pathlib import Path

from sphinx.search.zh import SearchChinese

SITE = json.loads((Path(__file__).parent / "site.json").read_text())
LANGUAGE = SITE.get("language", "en")
ENGLISH = LANGUAGE == "en"

project = (
    "L2 regularization for neural networks (STAT 453, lecture 10.4)"
    if ENGLISH
    else "神经网络的 L2 正则化（STAT 453 第 10.4 讲）"
)
author = "STAT 453"
copyright = (
    "the course authors; text CC BY 4.0, code BSD-3-Clause"
    if ENGLISH
    else "课程作者；文字采用 CC BY 4.0 许可，代码采用 BSD-3-Clause 许可"
)
language = LANGUAGE

extensions = ["myst_nb", "sphinx_copybutton"]
exclude_patterns = ["student/**", "site.json", "_build"]
root_doc = "index"

# MyST: $...$ and $$...$$ math, links to headings (#slug) as GitHub makes them
myst_enable_extensions = ["dollarmath", "amsmath", "colon_fence"]
myst_heading_anchors = 4
# The build fails on any warning (tools.site runs Sphinx with -W), a broken link above all;
# a skipped heading level in a notebook is a matter of style, not a broken page.
suppress_warnings = ["myst.header"]
# The Chinese pages' links are written by tools.site as the URLs they are (the English-only
# pages are in the English edition, one folder up, not pages of this project)
myst_all_links_external = not ENGLISH

# The notebooks are never executed: the site shows their stored outputs.
nb_execution_mode = "off"
nb_ipywidgets_js = {}  # no widget state is saved; the explorers' static panels are HTML + PNG
# text/html first: the figures' HTML holds <img alt="..."> (MyST-NB's own PNG renderer drops
# the alt text that IPython.display.Image(..., alt=...) stores in the output metadata)
nb_mime_priority_overrides = [
    ("html", "text/html", 0),
    ("html", "image/png", 10),
    ("html", "text/markdown", 20),
    ("html", "text/plain", 30),
]
nb_merge_streams = True

# MathJax from this site, never from a CDN (mathjax_path is relative to _static)
mathjax_path = SITE.get("mathjax_path", "mathjax/tex-chtml.js")
mathjax3_config = {"options": {"enableMenu": True}}

html_theme = "sphinx_book_theme"
html_title = "L2 regularization for neural networks" if ENGLISH else "神经网络的 L2 正则化"
html_static_path = ["_static"]
templates_path = ["_templates"]
html_css_files = ["site.css"]
# deferred: it runs after the theme's and the search page's scripts have defined theirs
html_js_files = [("l10-site.js", {"defer": "defer"})]
html_favicon = "_static/favicon.svg"
# the theme follows the reader's system setting until the reader picks light or dark
html_context = {"default_mode": "auto"}
html_use_index = False
# no _sources/ folder: the only notebook a reader downloads is the student release
# (student/<name>.ipynb, the header's download button and the page's link); the search's
# snippets come from the pages themselves
html_copy_source = False
html_show_sourcelink = False
html_last_updated_fmt = None
html_theme_options = {
    "repository_url": SITE["repository"],
    "repository_branch": "main",
    "use_repository_button": True,
    "use_download_button": True,
    "use_fullscreen_button": False,
    "home_page_in_toc": True,
    # The theme's own top bar stays empty (and hidden, site.css). Unless this is set,
    # pydata-sphinx-theme puts a search field there, and with it a second ☰ button and section
    # button, the first of the page, which both themes bind instead of the visible ones of the
    # article header: below 1200 px the drawers never opened (pydata-sphinx-theme #2451,
    # sphinx-book-theme #988). l10-site.js also forwards a click on any other such button,
    # should a theme version add one again. One search field: the sidebar's (the article
    # header's icon below 992 px).
    "navbar_persistent": [],
    "show_toc_level": 2,
    "search_bar_text": "Search..." if ENGLISH else "搜索…",
    # the language switch first, then the theme's buttons (download, repository, theme, search)
    "article_header_end": ["l10-language-switch.html", "article-header-buttons.html"],
    "navigation_with_keys": False,
    "announcement": (
        (
            "Instructors' edition: solutions and worked answers shown. Do not publish."
            if ENGLISH
            else "教师版：显示练习答案和思考题的参考答案。请勿公开发布。"
        )
        if SITE["instructor"]
        else ""
    ),
}

if not ENGLISH:  # the theme's sidebar, then the English-only pages
    html_sidebars = {
        "**": [
            "navbar-logo.html",
            "icon-links.html",
            "search-button-field.html",
            "sbt-sidebar-nav.html",
            "l10-english-pages.html",
        ]
    }

# copy buttons: only the code, without prompts or outputs
copybutton_exclude = ".linenos, .gp, .go"
copybutton_selector = "div.cell_input pre, div.highlight pre"


# ------------------------------------------------------------------------------ page context
def one_download(app, pagename: str, templatename: str, context: dict, doctree) -> None:
    """The header's download menu: the student release on a notebook's page, and print.

    sphinx-book-theme offers the page's source (``_sources/``: the staged page, with the facts
    box and the stored outputs) beside print; a notebook's page offers the student release
    instead, the same file as its "download it for JupyterLab" link (issue 35).
    """
    for group in context.get("header_buttons", []):
        if group.get("label") != "download-buttons":
            continue
        buttons = [b for b in group["buttons"] if b.get("label") == "download-pdf-button"]
        if pagename.startswith("notebooks/"):
            name = pagename.split("/", 1)[1]
            buttons.insert(
                0,
                {
                    "type": "link",
                    "url": context["pathto"](f"student/{name}.ipynb", 1),
                    "text": "student notebook (.ipynb)" if ENGLISH else "学生版笔记本（.ipynb）",
                    "tooltip": (
                        "Download the student notebook for JupyterLab"
                        if ENGLISH
                        else "下载学生版笔记本，在 JupyterLab 中使用"
                    ),
                    "icon": "fas fa-file",
                    "label": "download-student-notebook",
                },
            )
        for button in buttons:
            if button.get("label") == "download-pdf-button":
                button["text"] = "print / PDF" if ENGLISH else "打印 / PDF"
        group["buttons"] = buttons


#: the other edition's pages (the switch's targets), and where its root is from this one's
OTHER_PAGES = set(SITE.get("other_pages", []))
OTHER_ROOT = "zh/" if ENGLISH else "../"


def language_switch(app, pagename: str, templatename: str, context: dict, doctree) -> None:
    """The language switch's link (``_templates/l10-language-switch.html``): the same page in
    the other edition, or, for a page that edition does not have (the English docs pages and
    About), the Chinese start page. No switch where there is no other edition."""
    if not OTHER_PAGES:
        return
    same = pagename in OTHER_PAGES
    target = pagename if same else "index"
    href = "../" * pagename.count("/") + OTHER_ROOT + target + ".html"
    if ENGLISH:
        title = "阅读本页的中文版" if same else "中文版首页（本页只有英文版）"
        context["l10_switch"] = {"href": href, "lang": "zh-CN", "text": "中文", "title": title}
    else:
        context["l10_switch"] = {
            "href": href, "lang": "en", "text": "English", "title": "Read this page in English"
        }  # fmt: skip
    if not ENGLISH:
        up = "../" * pagename.count("/") + "../"
        context["l10_english_pages"] = [(title, up + href) for title, href in SITE["english_pages"]]


#: Han characters (CJK unified ideographs, their extensions and compatibility forms)
HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
#: the same characters in a JavaScript regular expression (with the u flag)
HAN_JS = r"\u3400-\u4DBF\u4E00-\u9FFF\uF900-\uFAFF\u{20000}-\u{3134F}"
_HAN_RUN = re.compile(f"([{HAN}]+)")
_WORD = re.compile(r"\w+")


class SearchChineseBigrams(SearchChinese):
    """Sphinx's Chinese search, its words found by their characters, without jieba.

    Without jieba (a dictionary-based word splitter of 19 MB, not installed), Sphinx's Chinese
    search indexes no Chinese text at all. Here each run of Han characters is indexed as its
    characters and each pair of neighbours (as search engines index CJK text); the search
    page splits a query the same way (``js_splitter_code``: 权重衰减 -> 权重, 重衰, 衰减) and finds
    the pages that hold every pair. Other words are indexed and stemmed as in English.
    """

    # Sphinx 9.0's language_data.js names the stemmer's class after language_name
    # ("window.Stemmer = ChineseStemmer;"), a class that does not exist: the Chinese search
    # uses the English stemmer, and every search stopped with a ReferenceError
    # (sphinx-doc/sphinx#14229; fixed by #14416, after 9.0.4). The name of the class it loads:
    language_name = "English"

    js_splitter_code = """
function splitQuery(query) {
  const run = /([HAN_JS]+)/u;
  const terms = [];
  for (const word of query.split(/[^\\p{Letter}\\p{Number}_\\p{Emoji_Presentation}]+/gu)) {
    for (const part of word.split(run).filter((p) => p)) {
      const chars = Array.from(part);
      if (!run.test(part) || chars.length === 1) terms.push(part);
      else chars.slice(1).forEach((c, i) => terms.push(chars[i] + c));
    }
  }
  return terms;
}
""".replace("HAN_JS", HAN_JS)

    def split(self, input: str) -> list[str]:
        terms = []
        for word in _WORD.findall(input):
            for part in filter(None, _HAN_RUN.split(word)):
                if _HAN_RUN.fullmatch(part):
                    terms += list(part) + [part[i : i + 2] for i in range(len(part) - 1)]
                else:
                    terms.append(part)
                    self.latin_terms.add(part)
        return terms

    def word_filter(self, stemmed_word: str) -> bool:
        return len(stemmed_word) > 1 or bool(_HAN_RUN.fullmatch(stemmed_word))


def setup(app) -> dict:
    """Connect the page-context hooks after sphinx-book-theme's header buttons (priority 501);
    the Chinese edition's search language."""
    app.connect("html-page-context", one_download, priority=600)
    app.connect("html-page-context", language_switch)
    if not ENGLISH:
        app.add_search_language(SearchChineseBigrams)
    return {"parallel_read_safe": True}
