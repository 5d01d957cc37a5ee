"""Drive a real JupyterLab in a real browser: the server, one notebook tab, screenshots.

Every wait here waits on JupyterLab's own state, never on a fixed sleep: the notebook's
kernel ``execution_state`` from the server's REST API (``/api/sessions``, ``/api/kernels``),
the cells' execution counts in the page (``[*]:`` while queued or running, ``[7]:`` when
done), the tab's "unsaved" mark, and the widgets' own DOM (slider value, image source).
Polling such a state every ``POLL_S`` seconds is the only pause.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

POLL_S = 0.2
SERVER_START_TIMEOUT_S = 120
RUN_ALL_TIMEOUT_S = 300  # a whole notebook (nbval's cell timeout is also 300 s)
CELL_TIMEOUT_S = 120  # one cell
REDRAW_TIMEOUT_S = 30  # a slider's new frame (the explorers draw one in well under a second)
STDERR_MIME = "application/vnd.jupyter.stderr"
PROMPT = re.compile(r"\[\s*(\d+|\*)?\s*\]")

T = TypeVar("T")


def wait_until(condition: Callable[[], T], timeout: float, what: str) -> T:
    """Return the first truthy value of ``condition()``, polled every POLL_S seconds.

    Raises AssertionError naming ``what`` after ``timeout`` seconds.
    """
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")
        time.sleep(POLL_S)


def free_port() -> int:
    """A TCP port that is free now: bind port 0 and let the OS choose."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# ------------------------------------------------------------------------------ the server
@dataclass
class JupyterLabServer:
    """A JupyterLab started with this Python (``sys.executable -m jupyter lab``) on a free port.

    ``root`` is its root_dir; ``home`` holds its own config, settings, workspaces and runtime
    folders, so nothing from the user's Jupyter set-up leaks in and nothing leaks out.
    """

    root: Path
    home: Path
    token: str = field(default_factory=lambda: os.urandom(16).hex())
    port: int = field(default_factory=free_port)
    process: subprocess.Popen | None = None
    log_path: Path | None = None
    _children: set = field(default_factory=set)  # psutil.Process of each kernel seen

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        config, settings = self.home / "config", self.home / "settings"
        (config / "labconfig").mkdir(parents=True, exist_ok=True)
        # What a student installs (the `lab` extra) has no nbgrader: hide its menus and panels,
        # which the test tools' nbgrader adds, so that the screenshots show the student's view.
        (config / "labconfig" / "page_config.json").write_text(
            json.dumps({"disabledExtensions": {"@jupyter/nbgrader": True}})
        )
        (config / "jupyter_server_config.json").write_text(
            json.dumps(
                {
                    "ServerApp": {
                        "jpserver_extensions": {
                            f"nbgrader.server_extensions.{name}": False
                            for name in (
                                "formgrader",
                                "validate_assignment",
                                "assignment_list",
                                "course_list",
                            )
                        }
                    }
                }
            )
        )
        # No "Would you like to get notified about official Jupyter news?" toast.
        notification = settings / "@jupyterlab" / "apputils-extension"
        notification.mkdir(parents=True, exist_ok=True)
        (notification / "notification.jupyterlab-settings").write_text(
            json.dumps({"fetchNews": "false", "checkForUpdates": False})
        )
        env = dict(os.environ)
        env.pop("MPLBACKEND", None)  # the kernel must use the inline backend, or no figures
        env.update(
            JUPYTER_CONFIG_DIR=str(config),
            JUPYTERLAB_SETTINGS_DIR=str(settings),
            JUPYTERLAB_WORKSPACES_DIR=str(self.home / "workspaces"),
            JUPYTER_RUNTIME_DIR=str(self.home / "runtime"),
            PYDEVD_DISABLE_FILE_VALIDATION="1",
        )
        command = [
            sys.executable,
            "-m",
            "jupyter",
            "lab",
            "--no-browser",
            "--ip=127.0.0.1",
            f"--port={self.port}",
            "--ServerApp.port_retries=0",  # fail rather than move to another port
            f"--IdentityProvider.token={self.token}",
            f"--ServerApp.root_dir={self.root}",
            "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
            "--LabApp.news_url=",
            "--MappingKernelManager.default_kernel_name=python3",
        ]
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            command.append("--allow-root")
        self.log_path = self.home / "jupyterlab.log"
        with open(self.log_path, "wb") as log:
            self.process = subprocess.Popen(
                command,
                cwd=self.root,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                start_new_session=True,
            )

        def ready() -> bool:
            if self.process.poll() is not None:
                raise AssertionError(
                    f"JupyterLab exited with code {self.process.returncode}:\n{self.log_tail()}"
                )
            try:
                self.api("GET", "/api/status")
            except (OSError, urllib.error.URLError):
                return False
            return True

        wait_until(ready, SERVER_START_TIMEOUT_S, f"JupyterLab to answer on {self.url}")

    def log_tail(self, n: int = 40) -> str:
        if self.log_path is None or not self.log_path.exists():
            return "(no log)"
        return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-n:])

    def api(self, method: str, path: str, body: dict | None = None) -> Any:
        data = None if body is None else json.dumps(body).encode()
        headers = {"Authorization": f"token {self.token}", "Content-Type": "application/json"}
        request = urllib.request.Request(self.url + path, data=data, method=method, headers=headers)
        with urllib.request.urlopen(request, timeout=30) as response:
            body = response.read()
        return json.loads(body) if body else None

    def set_theme(self, theme: str) -> None:
        """Set the theme ("JupyterLab Light" or "JupyterLab Dark") of the pages opened next."""
        raw = json.dumps({"theme": theme})
        self.api("PUT", "/lab/api/settings/@jupyterlab/apputils-extension:themes", {"raw": raw})

    def lab_url(self, path: str) -> str:
        """The address that opens ``path`` (relative to root) alone in a fresh workspace."""
        return f"{self.url}/lab/tree/{path}?reset&token={self.token}"

    def kernel_of(self, path: str) -> dict | None:
        """The kernel model (id, execution_state, ...) of the session of notebook ``path``."""
        for session in self.api("GET", "/api/sessions"):
            if session.get("path") == path and session.get("kernel"):
                self.remember_children()
                return self.api("GET", f"/api/kernels/{session['kernel']['id']}")
        return None

    def remember_children(self) -> None:
        """Note the server's children: the kernels, which run in process sessions of their own
        (a psutil.Process knows its start time, so a reused pid is never taken for one)."""
        with contextlib.suppress(Exception):
            import psutil

            self._children.update(psutil.Process(self.process.pid).children(recursive=True))

    def shutdown_sessions(self) -> None:
        """Shut down every session and its kernel (between tests)."""
        with contextlib.suppress(Exception):
            for session in self.api("GET", "/api/sessions"):
                self.api("DELETE", f"/api/sessions/{session['id']}")

    def stop(self) -> None:
        """Stop the server and its kernels, politely first, then by process id."""
        if self.process is None:
            return
        self.remember_children()
        with contextlib.suppress(Exception):
            self.shutdown_sessions()
            self.api("POST", "/api/shutdown")
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)
        for child in self._children:  # kernels left behind by a server that did not stop
            with contextlib.suppress(Exception):
                if child.is_running():
                    child.kill()


# ------------------------------------------------------------------------------ screenshots
class Screenshots:
    """Numbered screenshots of one test's steps: ``<folder>/01-open.png``, ``02-run-all.png``..."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        self.count = 0
        self.page = None

    def take(self, step: str) -> Path:
        self.count += 1
        path = self.folder / f"{self.count:02d}-{step}.png"
        self.page.screenshot(path=str(path))
        return path


# ------------------------------------------------------------------------------ one notebook
class NotebookTab:
    """One notebook opened alone in JupyterLab, driven through its menus and keyboard."""

    def __init__(self, server: JupyterLabServer, page, path: str, shots: Screenshots) -> None:
        self.server, self.page, self.path, self.shots = server, page, path, shots
        self.notebook = json.loads((server.root / path).read_text())
        self.cells = page.locator(".jp-NotebookPanel .jp-Notebook .jp-Cell")

    # -- opening, menus, saving -------------------------------------------------------------
    def open(self) -> None:
        self.page.goto(self.server.lab_url(self.path))
        n = len(self.notebook["cells"])
        wait_until(lambda: self.cells.count() == n, RUN_ALL_TIMEOUT_S, f"{self.path}'s {n} cells")
        wait_until(lambda: self.server.kernel_of(self.path), CELL_TIMEOUT_S, "a kernel session")
        # Close the file browser: the screenshots show the notebook, as wide as a student has it.
        if self.page.locator("#jp-left-stack").is_visible():
            self.page.keyboard.press("ControlOrMeta+b")
            wait_until(
                lambda: not self.page.locator("#jp-left-stack").is_visible(),
                10,
                "the file browser to close",
            )
        self.wait_idle()

    def menu(self, menu: str, item: str) -> None:
        """Click ``item`` in the main menu ``menu`` (e.g. "Run", "Run All Cells")."""
        self.page.get_by_role("menuitem", name=menu, exact=True).click()
        self.page.get_by_role("menuitem", name=item, exact=True).click()

    def save(self) -> dict:
        """Save with Ctrl+S (Cmd+S on macOS); return the notebook as saved (what really ran)."""
        file = self.server.root / self.path
        before = file.stat().st_mtime_ns
        self.page.locator(".jp-NotebookPanel .jp-Notebook").first.focus()
        self.page.keyboard.press("Escape")
        self.page.keyboard.press("ControlOrMeta+s")
        tab = self.page.locator(".lm-TabBar-tab.jp-mod-current")
        wait_until(
            lambda: (
                file.stat().st_mtime_ns != before
                and "jp-mod-dirty" not in (tab.first.get_attribute("class") or "")
            ),
            CELL_TIMEOUT_S,
            f"{self.path} to be saved",
        )
        return json.loads(file.read_text())

    # -- kernel and execution state ---------------------------------------------------------
    def kernel_state(self) -> str | None:
        kernel = self.server.kernel_of(self.path)
        return kernel and kernel.get("execution_state")

    def wait_idle(self, timeout: float = CELL_TIMEOUT_S) -> None:
        wait_until(lambda: self.kernel_state() == "idle", timeout, f"{self.path}'s kernel idle")

    def prompts(self) -> list[str | None]:
        """Each cell's execution count as shown: "7", "*" (queued or running), None (blank)."""
        texts = self.cells.evaluate_all(
            "cells => cells.map(c => { const p = c.querySelector('.jp-InputPrompt');"
            " return p ? p.textContent : ''; })"
        )
        shown = []
        for text in texts:
            match = PROMPT.search(text or "")
            shown.append(match.group(1) if match else None)
        return shown

    @property
    def code_cells(self) -> list[int]:
        return [i for i, c in enumerate(self.notebook["cells"]) if c["cell_type"] == "code"]

    def run_all(self, timeout: float = RUN_ALL_TIMEOUT_S) -> list[str | None]:
        """Edit > Clear Outputs of All Cells, Run > Run All Cells; wait until it stopped.

        Clearing first makes every output on the page one of this run's (a stored figure
        cannot pass for a rendered one) and gives a clear start: the run has stopped when
        the first code cell has a count, no cell shows [*] and the kernel is idle. Run All
        stops at the first exception (the cells after it go back to blank).
        """
        self.menu("Edit", "Clear Outputs of All Cells")
        first = self.code_cells[0]
        wait_until(lambda: self.prompts()[first] is None, CELL_TIMEOUT_S, "cleared prompts")
        self.menu("Run", "Run All Cells")

        def stopped() -> list[str | None] | None:
            shown = self.prompts()
            if shown[first] in (None, "*") or "*" in shown:
                return None
            return shown if self.kernel_state() == "idle" else None

        return wait_until(stopped, timeout, f"Run All Cells of {self.path} to finish")

    def show(self, target, block: str = "center") -> None:
        """Scroll cell ``target`` (an index, or a locator) into view and wait until it stays.

        JupyterLab renders only the cells in view (content-visibility): as they render, their
        heights change and the page moves under the scroll. Scroll again until the element
        is where it was two frames earlier, so that a screenshot shows it.
        """
        element = self.cells.nth(target) if isinstance(target, int) else target
        script = """(el, block) => new Promise(done => {
            el.scrollIntoView({block});
            const top = el.getBoundingClientRect().top;
            requestAnimationFrame(() => requestAnimationFrame(() =>
                done(Math.abs(el.getBoundingClientRect().top - top) < 1)));
        })"""
        wait_until(lambda: element.evaluate(script, block), 30, "the page to stop moving")

    def select(self, i: int) -> None:
        """Make cell ``i`` the active cell, in command mode."""
        cell = self.cells.nth(i)
        self.show(i)
        cell.locator(".jp-InputPrompt").click()
        self.page.keyboard.press("Escape")
        wait_until(
            lambda: "jp-mod-active" in (cell.get_attribute("class") or ""), 10, f"cell {i} active"
        )

    def run_cell(self, i: int, timeout: float = CELL_TIMEOUT_S) -> int:
        """Run cell ``i`` alone (select it, Shift+Enter); return its new execution count."""
        before = self.prompts()[i]
        self.select(i)
        self.page.keyboard.press("Shift+Enter")

        def done() -> int | None:
            shown = self.prompts()[i]
            if shown is None or shown == "*" or shown == before:
                return None
            return int(shown) if self.kernel_state() == "idle" else None

        count = wait_until(done, timeout, f"cell {i} of {self.path} to run")
        self.show(i)
        return count

    def replace_source(self, i: int, text: str) -> str:
        """Replace cell ``i``'s code as a student would paste it; return the editor's text.

        ``insert_text`` sends the text as one input, so CodeMirror adds no indentation of
        its own (typing key by key would auto-indent after every Enter).
        """
        editor = self.cells.nth(i).locator(".cm-content")
        self.show(i)
        editor.click()
        self.page.keyboard.press("ControlOrMeta+a")
        self.page.keyboard.insert_text(text)
        return editor.evaluate(
            "el => [...el.querySelectorAll('.cm-line')].map(l => l.textContent).join('\\n')"
        )

    # -- what the page shows ----------------------------------------------------------------
    # textContent, not innerText: JupyterLab skips rendering cells out of view
    # (content-visibility), and innerText of a skipped cell is empty.
    def output_text(self, i: int) -> str:
        return "\n".join(self.cells.nth(i).locator(".jp-OutputArea-output").all_text_contents())

    def stderr_texts(self, i: int | None = None) -> list[str]:
        """Texts of the red outputs (tracebacks and warnings) of cell ``i``, or of all cells."""
        scope = self.cells.nth(i) if i is not None else self.page.locator(".jp-NotebookPanel")
        selector = f'.jp-OutputArea-output[data-mime-type="{STDERR_MIME}"]'
        return scope.locator(selector).all_text_contents()

    def images(self) -> list[dict]:
        """Every ``<img>`` in the output areas (figures and widget images), once all loaded."""
        script = (
            "root => [...root.querySelectorAll('.jp-OutputArea-output img')].map(img => ({"
            " complete: img.complete, width: img.naturalWidth, height: img.naturalHeight,"
            " src: img.src.slice(0, 40) }))"
        )
        notebook = self.page.locator(".jp-NotebookPanel .jp-Notebook").first

        def loaded() -> tuple[list[dict]] | None:
            imgs = notebook.evaluate(script)
            return (imgs,) if all(img["complete"] for img in imgs) else None

        return wait_until(loaded, CELL_TIMEOUT_S, "the output images to load")[0]

    # -- widgets ----------------------------------------------------------------------------
    def progress_bars(self, i: int) -> list[dict]:
        """The ipywidgets progress bars (tqdm's notebook bars) in cell ``i``'s output."""
        return self.cells.nth(i).evaluate(
            "cell => [...cell.querySelectorAll('.widget-hprogress, .widget-progress')].map(p => {"
            " const box = p.closest('.widget-hbox') || p.parentElement;"
            " const bar = p.querySelector('.progress-bar');"
            " return { width: bar ? bar.style.width : null,"
            " style: bar ? bar.className : '', text: box.textContent }; })"
        )

    def move_first_slider(
        self, within: str | None = None, presses: int = 2
    ) -> tuple[str, str, bytes, bytes]:
        """Move the first widget slider of the outputs by ``presses`` arrow keys.

        ``within``: a CSS selector of the widget box to look in (default: any output).
        Returns (value before, value after, picture before, picture after): the pictures are
        screenshots of the ``<img>`` in the same box as the slider (the figure it drives),
        taken once the new image has loaded and the kernel is idle again. Raises
        AssertionError when the slider does not move or its image is not replaced.
        """
        boxes = self.page.locator(".jp-OutputArea-output")
        if within:
            boxes = boxes.locator(within)
        output = boxes.filter(has=self.page.locator(".widget-slider")).first
        self.show(output)
        handle = output.locator('.widget-slider [role="slider"]').first
        image = output.locator("img").first
        wait_until(
            lambda: image.evaluate("img => img.complete && img.naturalWidth > 0"),
            CELL_TIMEOUT_S,
            "the slider's figure to load",
        )
        self.show(output)
        value, top = handle.get_attribute("aria-valuenow"), handle.get_attribute("aria-valuemax")
        src, picture = image.get_attribute("src"), image.screenshot()
        key = "ArrowLeft" if float(value) >= float(top) else "ArrowRight"
        handle.focus()
        for _ in range(presses):
            handle.press(key)
        wait_until(lambda: handle.get_attribute("aria-valuenow") != value, 10, "the slider to move")
        new_value = handle.get_attribute("aria-valuenow")
        readout = output.locator(".widget-readout").first.text_content()
        try:
            wait_until(
                lambda: image.evaluate(
                    "(img, old) => img.src !== old && img.complete && img.naturalWidth > 0", src
                ),
                REDRAW_TIMEOUT_S,
                "a new image",
            )
        except AssertionError:
            raise AssertionError(
                f"the slider moved from {value} to {new_value} (readout {readout!r}) but its "
                "figure was not redrawn: the image in its output kept the same source"
            ) from None
        self.wait_idle()  # the kernel's callback has finished: the last frame is in place
        wait_until(
            lambda: image.evaluate("img => img.complete && img.naturalWidth > 0"),
            CELL_TIMEOUT_S,
            "the new image to load",
        )
        return value, new_value, picture, image.screenshot()
