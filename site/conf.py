"""Sphinx configuration of the course website (``python -m tools.site`` copies it beside the
pages it stages in build/site-src and runs Sphinx there; see docs/site.md).

Jupyter Book 1's engine, configured directly: MyST-NB reads the notebooks without running them
(their stored outputs are the reference run's), sphinx-book-theme draws the pages (light and
dark), sphinx-copybutton puts a copy button on every code cell, Sphinx's own search indexes
every page. Everything a page loads is in the output folder: MathJax is the copy that
``tools.site`` installs from npm into ``_static/mathjax``; the theme ships its fonts and icons.
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
html_favicon = "_static/favicon.svg"
# the theme follows the reader's system setting until the reader picks light or dark
html_context = {"default_mode": "auto"}
html_use_index = False
html_copy_source = True
html_show_sourcelink = False
html_last_updated_fmt = None
html_theme_options = {
    "repository_url": SITE["repository"],
    "repository_branch": "main",
    "use_repository_button": True,
    "use_download_button": True,
    "use_fullscreen_button": False,
    "home_page_in_toc": True,
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
