"""The install paths stay in step: pyproject.toml, environment.yml, README and .ci/run."""

import re
import sys
from pathlib import Path

import yaml

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

ROOT = Path(__file__).resolve().parents[1]
CONDA_NAMES = {"torch": "pytorch"}  # PyPI name -> conda-forge name, where they differ


def _split(requirement: str) -> tuple[str, str]:
    name, spec = re.fullmatch(r"([A-Za-z0-9_.-]+)\s*(.*)", requirement.strip()).groups()
    return name.lower(), spec.replace(" ", "")


def _pyproject() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text())


def test_environment_yml_lists_the_same_packages_as_pyproject():
    project = _pyproject()["project"]
    pip_deps = project["dependencies"] + project["optional-dependencies"]["test"]
    wanted = {
        CONDA_NAMES.get(name, name): spec
        for name, spec in map(_split, pip_deps)
        if ";" not in spec  # backports for old Pythons only (tomli)
    }
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    assert env["channels"] == ["conda-forge"]
    conda = [d for d in env["dependencies"] if isinstance(d, str)]
    listed = dict(map(_split, conda))
    assert listed.pop("python") == ">=3.10"
    assert listed.pop("pip") == ""
    assert listed == wanted
    pip_section = [d for d in env["dependencies"] if isinstance(d, dict)]
    assert pip_section == [{"pip": ["-e ."]}], "environment.yml must install the package itself"


def test_python_versions_are_3_10_to_3_13():
    project = _pyproject()["project"]
    assert project["requires-python"] == ">=3.10"
    versions = [c.rsplit(" ", 1)[-1] for c in project["classifiers"] if re.search(r":: 3\.\d+$", c)]
    assert versions == ["3.10", "3.11", "3.12", "3.13"]


def test_ci_runs_the_readme_test_command():
    readme = (ROOT / "README.md").read_text()
    ci = (ROOT / ".ci" / "run").read_text()
    command = ci.split("# The README's test command:\n", 1)[1].strip()
    assert command.startswith("python3 -m venv .venv") and command.endswith(".venv/bin/pytest")
    assert f"```bash\n{command}\n```" in readme


def test_readme_run_command_opens_the_notebooks():
    readme = (ROOT / "README.md").read_text()
    assert (
        "```bash\npython3 -m venv .venv && .venv/bin/pip install -e . && "
        ".venv/bin/jupyter lab notebooks/\n```" in readme
    )


def test_pytest_collects_unit_tests_and_the_solution_notebooks():
    options = _pyproject()["tool"]["pytest"]["ini_options"]
    assert options["testpaths"] == ["tests", "notebooks/solutions"]
    assert "--nbval" in options["addopts"].split()  # strict: stored outputs are compared
