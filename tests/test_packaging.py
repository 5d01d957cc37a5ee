"""The install paths stay in step: pyproject.toml, environment.yml, README and .ci/run; and the
runtime requirements install in Google Colab without touching what Colab ships."""

import re
import sys
from pathlib import Path

import yaml
from colab_install_plan import COLAB
from colab_install_plan import colab_pins as colab_pin_strings
from packaging.requirements import Requirement
from packaging.version import Version

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

ROOT = Path(__file__).resolve().parents[1]
CONDA_NAMES = {"torch": "pytorch"}  # PyPI name -> conda-forge name, where they differ
PIP_ONLY = {"axe-playwright-python", "otter-grader"}  # environment.yml's pip section
# Needed only by the release tool, the tests or JupyterLab: never a runtime requirement.
NOT_RUNTIME = {"jupyterlab", "notebook", "jupyter-server", "nbformat", "nbgrader", "tomli"}


def _split(requirement: str) -> tuple[str, str]:
    name, spec = re.fullmatch(r"([A-Za-z0-9_.-]+)\s*(.*)", requirement.strip()).groups()
    return name.lower(), spec.replace(" ", "")


def _pyproject() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text())


def colab_pins() -> dict[str, Version]:
    return {name: Version(v) for name, v in colab_pin_strings().items()}


def runtime_requirements() -> list[Requirement]:
    return [Requirement(r) for r in _pyproject()["project"]["dependencies"]]


def test_environment_yml_lists_the_same_packages_as_pyproject():
    project = _pyproject()["project"]
    extras = project["optional-dependencies"]
    wanted = {}  # runtime, then the extras; a later floor (ipywidgets>=8 of "lab") wins
    for group in (project["dependencies"], *extras.values()):
        for name, spec in map(_split, group):
            if ";" not in spec and not name.startswith("l10-utils") and name not in PIP_ONLY:
                wanted[CONDA_NAMES.get(name, name)] = spec  # no backports, no self
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    assert env["channels"] == ["conda-forge"]
    conda = [d for d in env["dependencies"] if isinstance(d, str)]
    listed = dict(map(_split, conda))
    assert listed.pop("python") == ">=3.10"
    assert listed.pop("pip") == ""
    assert listed == wanted
    pip_section = [d for d in env["dependencies"] if isinstance(d, dict)]
    pip_only = [f"{name}{spec}" for name, spec in map(_split, sum(extras.values(), []))
                if name in PIP_ONLY]  # fmt: skip
    assert len(pip_section) == 1 and pip_section[0]["pip"][0] == "-e .", "the package itself"
    assert sorted(pip_section[0]["pip"][1:]) == sorted(pip_only)


def test_colab_ships_a_version_of_every_runtime_requirement_that_satisfies_it():
    pins = colab_pins()
    for req in runtime_requirements():
        assert req.name in pins, f"{req.name} is not in {COLAB.name}: what does Colab ship?"
        assert req.specifier.contains(pins[req.name]), (
            f"Colab ships {req.name} {pins[req.name]}, which {req} rejects: the Colab set-up "
            "cell would upgrade it"
        )


def test_runtime_floors_are_the_colab_versions_that_ci_tests():
    # .ci/run installs exactly colab.txt in a second venv and runs the tests there, so a floor
    # equal to Colab's version is a floor that CI has tested.
    pins = colab_pins()
    for req in runtime_requirements():
        floors = [Version(s.version) for s in req.specifier if s.operator == ">="]
        assert floors == [pins[req.name]], f"{req}: the floor should be Colab's {pins[req.name]}"


def test_runtime_requirements_hold_only_what_the_notebooks_import():
    names = {req.name for req in runtime_requirements()}
    assert not names & NOT_RUNTIME, names & NOT_RUNTIME
    extras = _pyproject()["project"]["optional-dependencies"]
    assert {_split(r)[0] for r in extras["lab"]} == {"jupyterlab", "ipywidgets"}


def test_colab_constraints_pin_the_versions_colab_ships():
    pins = colab_pins()
    assert pins["torch"] == Version("2.11.0") and pins["ipywidgets"] == Version("7.7.1")
    assert pins["jupyter-server"] == Version("2.14.0") and pins["notebook"] == Version("6.5.7")


def test_python_versions_are_3_10_to_3_13():
    project = _pyproject()["project"]
    assert project["requires-python"] == ">=3.10"
    versions = [c.rsplit(" ", 1)[-1] for c in project["classifiers"] if re.search(r":: 3\.\d+$", c)]
    assert versions == ["3.10", "3.11", "3.12", "3.13"]


def test_ci_runs_the_readme_test_commands():
    readme = (ROOT / "README.md").read_text()
    ci = (ROOT / ".ci" / "run").read_text()
    after = ci.split("# The README's test commands:", 1)[1].splitlines()[1:]
    first = next(line for line in after if line and not line.startswith(("#", "step ")))
    second = next(line for line in after if "pytest -m browser" in line)
    assert first.startswith("python3 -m venv .venv")
    assert first.endswith('.venv/bin/pytest -m "not browser" -n 2')
    assert f"```bash\n{first}\n```" in readme
    assert second.endswith(".venv/bin/pytest -m browser -n 2")  # CI: L10_REQUIRE_BROWSER=1
    assert "```bash\n.venv/bin/pytest -m browser -n 2\n```" in readme


def test_readme_run_command_opens_the_notebooks():
    readme = (ROOT / "README.md").read_text()
    assert (
        '```bash\npython3 -m venv .venv && .venv/bin/pip install -e ".[lab]" && '
        ".venv/bin/jupyter lab notebooks/\n```" in readme
    )


def test_pytest_collects_unit_tests_and_the_solution_notebooks():
    options = _pyproject()["tool"]["pytest"]["ini_options"]
    assert options["testpaths"] == ["tests", "notebooks/solutions"]
    assert "--nbval" in options["addopts"].split()  # strict: stored outputs are compared


def test_setuptools_packages_list_every_package_folder():
    # A subpackage left out of [tool.setuptools] packages is missing from a real install (pip
    # install in Colab's set-up cell), although the editable install still finds it.
    listed = set(_pyproject()["tool"]["setuptools"]["packages"])
    folders = {
        ".".join(init.parent.relative_to(ROOT).parts)
        for init in (ROOT / "l10_utils").rglob("__init__.py")
    }
    assert listed == folders


def test_line_counts_follow_the_notebooks_imports_through_the_package(tmp_path):
    from tools import line_counts

    imported = {p.as_posix() for p in line_counts.notebook_modules(ROOT)}
    root = ROOT.as_posix()
    assert f"{root}/l10_utils/checks/_engine.py" in imported  # only through l10_utils.checks
    assert f"{root}/l10_utils/validate.py" in imported  # only through other modules
    assert not any("/tools/" in p or "/tests/" in p for p in imported)
    source = tmp_path / "m.py"
    source.write_text('"""Doc."""\n\n# a comment\n    # another\nx = 1  # counted\n')
    assert line_counts.code_lines(source) == 2


def test_the_readme_stays_a_maintainers_page_under_8_5_kb():
    # students start on the website's start page; the README (its About page) holds what a
    # maintainer needs and links to the docs for the rest
    assert len((ROOT / "README.md").read_bytes()) <= 8_500
