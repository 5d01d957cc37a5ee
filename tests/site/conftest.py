"""Fixtures of the website's tests: the built site, a local server, headless Chromium offline.

``L10_SITE_DIR``: a site already built by ``python -m tools.site`` (``.ci/run site`` builds it
first and times the build); without it the ``site`` fixture builds one into ``build/site``.
``L10_REQUIRE_BROWSER=1``: fail instead of skipping when Playwright or Chromium is missing.
``L10_SITE_SCREENSHOT_DIR``: where each page's screenshots go (default
``build/site-screenshots/<theme>/`` at 1,280 px, ``<device>-<theme>/`` on the phone and the
tablet, with each page's open contents drawer); ``L10_UPDATE_README_SCREENSHOTS=1`` also
copies the start page's and notebook 4's to ``docs/screenshots/site-*.png``.
"""

from __future__ import annotations

import functools
import os
import shutil
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from notebook_files import ROOT


def cannot_run(reason: str) -> None:
    """Skip (fail with L10_REQUIRE_BROWSER=1): the site's browser tests cannot run here."""
    if os.environ.get("L10_REQUIRE_BROWSER") == "1":
        pytest.fail(f"L10_REQUIRE_BROWSER=1 but {reason}", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def site() -> Path:
    """The public site's folder: L10_SITE_DIR, or a fresh build in build/site."""
    given = os.environ.get("L10_SITE_DIR")
    if given:
        path = Path(given).resolve()
        assert (path / "index.html").is_file(), f"L10_SITE_DIR={given} holds no built site"
        return path
    try:
        import myst_nb  # noqa: F401
    except ImportError:
        cannot_run("the site's tools are not installed: pip install -e '.[site]'")
    if shutil.which("npm") is None:
        cannot_run("npm is not installed (MathJax comes from npm): apt-get install -y npm")
    return build_once(ROOT)


def build_once(root: Path) -> Path:
    """Build the site into build/site, once for all the workers of this test run.

    Under pytest-xdist every worker that needs the site asks for it (the English pages' file
    and the Chinese edition's run on two workers): the first to take the lock builds it, the
    others wait and use that build, rather than deleting it under each other.
    """
    from tools.site import build

    run = os.environ.get("PYTEST_XDIST_TESTRUNUID")
    try:
        import fcntl
    except ImportError:  # not on Linux or macOS: one build per worker
        fcntl = None
    if run is None or fcntl is None:
        return build(root)
    (root / "build").mkdir(exist_ok=True)
    stamp = root / "build" / "site.test-run"  # the test run whose worker built build/site
    with open(root / "build" / "site.lock", "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if (
            stamp.is_file()
            and stamp.read_text() == run
            and (root / "build/site/index.html").is_file()
        ):
            return (root / "build" / "site").resolve()
        out = build(root)
        stamp.write_text(run)
        return out


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args) -> None:  # noqa: A002 - the base class's name
        pass


@pytest.fixture(scope="session")
def server(site: Path) -> Iterator[str]:
    """The site served over HTTP on a free localhost port (a thread of this process)."""
    handler = functools.partial(_QuietHandler, directory=str(site))
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


@pytest.fixture(scope="session")
def chromium(request: pytest.FixtureRequest) -> Iterator:
    """Headless Chromium (Debian's package, or L10_CHROMIUM=/path) driven by Playwright."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        cannot_run("Playwright for Python is not installed: pip install -e '.[browser]'")
    executable = next(
        (
            c
            for c in (os.environ.get("L10_CHROMIUM"), shutil.which("chromium"))
            if c and Path(c).exists()
        ),
        None,
    )
    if executable is None:
        cannot_run("Chromium is not installed: apt-get install -y chromium")
    playwright = request.getfixturevalue("playwright_driver")  # shared: tests/conftest.py
    browser = playwright.chromium.launch(executable_path=executable, args=["--no-sandbox"])
    yield browser
    browser.close()
