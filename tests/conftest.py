"""Shared test set-up: a headless matplotlib backend, the ``kernel`` marker, small fixtures.

``kernel`` marks every test that starts a Jupyter kernel or another process: the strict
nbval cells of the solution notebooks and the ``notebook_run``, ``grading`` and ``browser``
tests get it here, other tests by ``@pytest.mark.kernel``. ``pytest -m "not kernel"`` is
then the fast loop, and in it a test that starts a process fails and says to mark it.
"""

import subprocess

import matplotlib
import pytest
import torch

matplotlib.use("Agg")

STARTS_PROCESSES = ("notebook_run", "grading", "browser")


def pytest_collection_modifyitems(items):
    for item in items:
        is_nbval_cell = item.path.suffix == ".ipynb"
        if is_nbval_cell or any(item.get_closest_marker(m) for m in STARTS_PROCESSES):
            item.add_marker(pytest.mark.kernel)


@pytest.fixture(autouse=True)
def _processes_only_in_kernel_tests(request, monkeypatch):
    """Fail a test that starts a process (a kernel, a tool) without the ``kernel`` marker."""
    if request.node.get_closest_marker("kernel") is None:

        def refuse(self, args, *rest, **kwargs):
            raise AssertionError(
                f"{request.node.nodeid} starts a process ({args!r}): mark it "
                "@pytest.mark.kernel, so that pytest -m 'not kernel' stays the fast loop"
            )

        monkeypatch.setattr(subprocess.Popen, "__init__", refuse)


@pytest.fixture(scope="session")
def playwright_driver():
    """One Playwright for the whole session, shared by the browser and the website tests.

    Playwright's sync API runs one event loop per thread: a second ``sync_playwright()``
    while the first is open fails ("Sync API inside the asyncio loop"), so no fixture opens
    its own. Import errors are left to the fixtures that use it (they skip or fail).
    """
    from playwright.sync_api import sync_playwright

    driver = sync_playwright().start()
    yield driver
    driver.stop()


@pytest.fixture
def tiny_split() -> tuple[torch.Tensor, torch.Tensor]:
    """40 examples of 784 features with labels 0-9 (4 per class), fixed by a seed."""
    g = torch.Generator().manual_seed(123)
    X = torch.rand(40, 784, generator=g)
    y = torch.arange(40) % 10
    return X, y


@pytest.fixture(scope="module")
def policy_threads():
    """The notebooks' thread policy (``use_threads``) for a module, the old setting after it.

    Tiny float64 problems run fastest on one thread, and stay fast beside a busy second core.
    """
    from l10_utils import use_threads

    before = torch.get_num_threads()
    use_threads(1)
    yield
    torch.set_num_threads(before)
