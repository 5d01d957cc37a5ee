"""Fixtures of the browser tests: one JupyterLab over a copy of the notebooks, headless Chromium.

The tests skip, with the reason and the install command, on a machine without Playwright for
Python, JupyterLab with ipywidgets 8, or a Chromium; they never pass without a browser.
Chromium: Debian's ``chromium`` package (``/usr/bin/chromium``, found on PATH), or
``L10_CHROMIUM=/path``, or the browser of ``playwright install chromium`` where that works.

Environment variables:

- ``L10_REQUIRE_BROWSER=1``: fail instead of skipping when Playwright, JupyterLab (with
  ipywidgets 8) or Chromium is missing (for CI, where a skipped browser test would go unnoticed).
- ``L10_SCREENSHOT_DIR``: where the step screenshots go, one folder per test (default
  ``build/browser-screenshots``; CI keeps the folder as an artefact).
- ``L10_UPDATE_README_SCREENSHOTS=1``: also copy the README's screenshots to ``docs/screenshots``.
- ``L10_BROWSER_BREAK``: break the copy on purpose to prove the tests can fail:
  ``raise`` (a ``1 / 0`` cell before the last code cell of every notebook copy), ``wrong`` (type
  a wrong answer instead of a right one), ``still`` (the slider test's own notebook without
  the observer that redraws its figure).
"""

from __future__ import annotations

import json
import os
import re
import shutil
from collections.abc import Callable, Iterator
from importlib.util import find_spec
from pathlib import Path

import pytest
from labdriver import JupyterLabServer, NotebookTab, Screenshots
from notebook_files import ROOT as REPO

SCREENSHOTS = Path(os.environ.get("L10_SCREENSHOT_DIR") or REPO / "build" / "browser-screenshots")
README_SCREENSHOTS = REPO / "docs" / "screenshots"
BREAK = os.environ.get("L10_BROWSER_BREAK", "")
PLAYWRIGHT_SPEC = "playwright>=1.45"
FAILED = pytest.StashKey[bool]()  # set on a test whose set-up or call failed


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    report = yield
    if report.failed:
        item.stash[FAILED] = True
    return report


# ------------------------------------------------------------------------------ the browser
def find_chromium(playwright) -> str | None:
    """Chromium's path: L10_CHROMIUM, then chromium on PATH, then Playwright's own download."""
    for candidate in (
        os.environ.get("L10_CHROMIUM"),
        shutil.which("chromium"),
        shutil.which("chromium-browser"),
    ):
        if candidate and Path(candidate).exists():
            return candidate
    try:
        own = playwright.chromium.executable_path
    except Exception:
        return None
    return own if own and Path(own).exists() else None


def cannot_run(reason: str) -> None:
    """Skip (fail with L10_REQUIRE_BROWSER=1): the browser tests cannot run here."""
    if os.environ.get("L10_REQUIRE_BROWSER") == "1":
        pytest.fail(f"L10_REQUIRE_BROWSER=1 but {reason}", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def browser(request: pytest.FixtureRequest) -> Iterator:
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        cannot_run(
            "Playwright for Python is not installed, so the browser tests cannot run: "
            f'.venv/bin/pip install "{PLAYWRIGHT_SPEC}", and Chromium: apt-get install -y chromium'
        )
    missing = [name for name in ("jupyterlab", "jupyterlab_widgets") if not find_spec(name)]
    if missing:
        cannot_run(
            f"{' and '.join(missing)} not installed, so there is no JupyterLab with ipywidgets 8 "
            "to test in: .venv/bin/pip install -e '.[lab]'"
        )
    playwright = request.getfixturevalue("playwright_driver")  # shared: tests/conftest.py
    executable = find_chromium(playwright)
    if executable is None:
        cannot_run(
            "Chromium is not installed, so the browser tests cannot run: "
            "apt-get install -y chromium (Debian/Ubuntu), or set L10_CHROMIUM=/path/to/chromium"
        )
    browser = playwright.chromium.launch(executable_path=executable, args=["--no-sandbox"])
    yield browser
    browser.close()


# ------------------------------------------------------------------------------ JupyterLab
def break_notebook(path: Path) -> None:
    """L10_BROWSER_BREAK=raise: a cell that raises, before the notebook's last code cell."""
    notebook = json.loads(path.read_text())
    code = [i for i, c in enumerate(notebook["cells"]) if c["cell_type"] == "code"]
    broken = {
        "cell_type": "code",
        "execution_count": None,
        "metadata": {},
        "outputs": [],
        "source": ["1 / 0  # L10_BROWSER_BREAK=raise"],
    }
    notebook["cells"].insert(code[-1], broken)
    path.write_text(json.dumps(notebook, indent=1, ensure_ascii=False))


@pytest.fixture(scope="session")
def lab(browser, tmp_path_factory: pytest.TempPathFactory) -> Iterator[JupyterLabServer]:
    """JupyterLab on a free port over a copy of notebooks/ (student and solutions) and data/."""
    root = tmp_path_factory.mktemp("lab-root")
    for folder in ("student", "solutions"):
        (root / "notebooks" / folder).mkdir(parents=True)
        for notebook in sorted((REPO / "notebooks" / folder).glob("*.ipynb")):
            shutil.copy(notebook, root / "notebooks" / folder / notebook.name)
            if BREAK == "raise":
                break_notebook(root / "notebooks" / folder / notebook.name)
    (root / "data").mkdir()
    if (REPO / "data" / "README.md").exists():
        shutil.copy(REPO / "data" / "README.md", root / "data" / "README.md")
    (root / "scratch").mkdir()
    server = JupyterLabServer(root=root, home=tmp_path_factory.mktemp("lab-home"))
    try:
        server.start()
        yield server
    finally:
        server.stop()


@pytest.fixture
def shots(request: pytest.FixtureRequest) -> Screenshots:
    """This test's screenshot folder, emptied: <SCREENSHOTS>/<test name>/NN-step.png."""
    name = re.sub(r"[^A-Za-z0-9_.-]+", "-", request.node.name).strip("-")
    return Screenshots(SCREENSHOTS / name)


@pytest.fixture
def page(browser, lab: JupyterLabServer, shots: Screenshots, request: pytest.FixtureRequest):
    """A fresh browser tab; on failure it leaves NN-failed.png; its kernels are shut down."""
    context = browser.new_context(viewport={"width": 1280, "height": 960})
    context.set_default_timeout(60_000)
    page = context.new_page()
    shots.page = page
    try:
        yield page
    finally:
        try:
            if request.node.stash.get(FAILED, False):
                shots.take("failed")
        finally:
            context.close()
            lab.shutdown_sessions()


@pytest.fixture
def open_notebook(lab, page, shots) -> Callable[[str], NotebookTab]:
    """Open a notebook (path relative to the copy's root) alone in the tab."""

    def opener(path: str) -> NotebookTab:
        tab = NotebookTab(lab, page, path, shots)
        tab.open()
        return tab

    return opener


@pytest.fixture
def readme_screenshot() -> Callable[[Path, str], None]:
    """With L10_UPDATE_README_SCREENSHOTS=1, copy a step's screenshot to docs/screenshots/."""

    def update(shot: Path, name: str) -> None:
        if os.environ.get("L10_UPDATE_README_SCREENSHOTS") == "1":
            README_SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            shutil.copy(shot, README_SCREENSHOTS / name)

    return update
