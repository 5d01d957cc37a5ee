"""Colab: badges open the student notebooks; the set-up cell installs l10_utils at this
release's tag in Colab (tested with a stand-in google.colab module, installing from this
checkout) and does nothing elsewhere; full MNIST goes to Colab's writable /content/data."""

import importlib.metadata
import sys
import types
from pathlib import Path

import nbformat
import pytest
from notebook_files import run_notebook

from l10_utils.data import COLAB_DATA_ROOT, data_root
from tools.release import (
    COLAB_MARKER,
    colab_cell_source,
    colab_url,
    release_tag,
    repository_url,
)

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*/*.ipynb"))
URL = repository_url(ROOT)
TAG = release_tag(ROOT)


def colab_cell(path: Path):
    return next(c for c in nbformat.read(path, 4).cells if c.cell_type == "code")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_first_code_cell_is_the_colab_set_up_from_pyproject(path):
    cell = colab_cell(path)
    assert cell.source == colab_cell_source(URL, TAG)
    assert cell.get("outputs", []) == []  # outside Colab it prints nothing


def test_readme_badges_open_the_student_notebooks():
    readme = (ROOT / "README.md").read_text()
    for path in sorted((ROOT / "notebooks" / "student").glob("*.ipynb")):
        link = colab_url(URL, path.relative_to(ROOT))
        assert f"(https://colab.research.google.com/assets/colab-badge.svg)]({link})" in readme


def test_readme_says_where_the_colab_links_point_on_its_first_screen():
    first_screen = (ROOT / "README.md").read_text()[:2000]
    assert URL.removeprefix("https://") in first_screen and f"`{TAG}`" in first_screen


def test_colab_url_has_the_documented_form():
    assert colab_url("https://github.com/o/r", Path("notebooks/student/x.ipynb")) == (
        "https://colab.research.google.com/github/o/r/blob/main/notebooks/student/x.ipynb"
    )


@pytest.mark.kernel
def test_set_up_cell_installs_l10_utils_when_google_colab_is_present(tmp_path, monkeypatch):
    target = tmp_path / "site"
    source = colab_cell_source(URL, TAG)
    assert f"git+{URL}@{TAG}" in source
    local = source.replace(f"git+{URL}@{TAG}", ROOT.as_uri())  # install from this checkout
    # The kernel inherits these: pip installs into `target` only, without dependencies and
    # with the build tools already installed, so that nothing else is touched or fetched.
    monkeypatch.setenv("PIP_TARGET", str(target))
    monkeypatch.setenv("PIP_NO_DEPS", "1")
    monkeypatch.setenv("PIP_NO_BUILD_ISOLATION", "0")  # pip reads "0" as --no-build-isolation
    stand_in = 'import sys, types\nsys.modules["google.colab"] = types.ModuleType("google.colab")'
    nb = nbformat.v4.new_notebook(
        cells=[nbformat.v4.new_code_cell(stand_in), nbformat.v4.new_code_cell(local)]
    )
    run_notebook(nb, tmp_path)
    outputs = [o.get("text", o.get("evalue", "")) for c in nb.cells for o in c.outputs]
    assert (target / "l10_utils" / "__init__.py").is_file(), outputs
    assert (target / "l10_utils" / "checks" / "__init__.py").is_file()  # the subpackage too


@pytest.mark.kernel
def test_set_up_cell_does_nothing_outside_colab(tmp_path):
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(colab_cell_source(URL, TAG))])
    run_notebook(nb, tmp_path, timeout=120)
    assert nb.cells[0].outputs == []
    assert COLAB_MARKER in nb.cells[0].source


def test_set_up_cell_installs_the_release_tag_written_from_pyproject():
    assert TAG == "v" + importlib.metadata.version("l10-utils")  # the installed package's version
    source = colab_cell_source(URL, TAG)
    assert source.rstrip().endswith(f'%pip install -q "l10-utils @ git+{URL}@{TAG}"')
    assert "@main" not in source


def test_release_tag_rejects_a_version_that_is_not_a_release(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[project]\nversion = "0.1.dev0"\n')
    with pytest.raises(ValueError, match="version must be like 1.2.3"):
        release_tag(tmp_path)


def test_data_root_is_colabs_writable_folder_in_colab_and_the_given_folder_elsewhere(monkeypatch):
    assert data_root("../../data") == Path("../../data")
    monkeypatch.setitem(sys.modules, "google.colab", types.ModuleType("google.colab"))
    assert data_root("../../data") == COLAB_DATA_ROOT == Path("/content/data")
