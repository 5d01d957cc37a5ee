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
"""

import json
from pathlib import Path

SITE = json.loads((Path(__file__).parent / "site.json").read_text())

project = "L2 regularization for neural networks (STAT 453, lecture 10.4)"
author = "STAT 453"
copyright = "the course authors; text CC BY 4.0, code BSD-3-Clause"
language = "en"

extensions = ["myst_nb", "sphinx_copybutton"]
exclude_patterns = ["student/**", "site.json", "_build"]
root_doc = "index"

# MyST: $...$ and $$...$$ math, links to headings (#slug) as GitHub makes them
myst_enable_extensions = ["dollarmath", "amsmath", "colon_fence"]
myst_heading_anchors = 4
# The build fails on any warning (tools.site runs Sphinx with -W), a broken link above all;
# a skipped heading level in a notebook is a matter of style, not a broken page.
suppress_warnings = ["myst.header"]

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
mathjax_path = "mathjax/tex-chtml.js"
mathjax3_config = {"options": {"enableMenu": True}}

html_theme = "sphinx_book_theme"
html_title = "L2 regularization for neural networks"
html_static_path = ["_static"]
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
    "navigation_with_keys": False,
    "announcement": (
        "Instructors' edition: solutions and worked answers shown. Do not publish."
        if SITE["instructor"]
        else ""
    ),
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
                    "text": "student notebook (.ipynb)",
                    "tooltip": "Download the student notebook for JupyterLab",
                    "icon": "fas fa-file",
                    "label": "download-student-notebook",
                },
            )
        for button in buttons:
            if button.get("label") == "download-pdf-button":
                button["text"] = "print / PDF"
        group["buttons"] = buttons


def setup(app) -> dict:
    """Connect the page-context hook after sphinx-book-theme's header buttons (priority 501)."""
    app.connect("html-page-context", one_download, priority=600)
    return {"parallel_read_safe": True}
