"""Resolve an Otter autograder's pip requirements with pip's dry run, as far as can be tried here.

Used by .ci/run with the Python of the grading image (3.12, the Colab-versions venv):

    python tests/otter_requirements_plan.py AUTOGRADER.zip

reads the pip list of the zip's ``environment.yml`` (what Otter's ``setup.sh`` installs with
``mamba env create``, conda writing the list into a requirements file for pip), and makes
a plan with ``pip install --dry-run --ignore-installed --report``. What cannot be reached
here is replaced, and said: PyTorch's CPU index (``--extra-index-url``; PyPI's build of the
same torch version stands in for its +cpu wheel) and the release tag on GitHub (this
checkout stands in for it). Exits 1 unless torch and torchvision resolve to the pinned
versions and l10-utils and otter-grader are in the plan.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

import yaml
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[1]


def main(zip_path: str) -> int:
    with zipfile.ZipFile(zip_path) as zf:
        env = yaml.safe_load(zf.read("environment.yml"))
    (pip,) = [d["pip"] for d in env["dependencies"] if isinstance(d, dict)]
    lines, pins = [], {}
    for item in pip:
        if item.startswith("--extra-index-url"):
            print(f"left out (not reachable here): {item}")
            continue
        req = Requirement(item)
        if req.url:
            print(f"in place of {item}: this checkout ({ROOT})")
            lines.append(str(ROOT))
            continue
        if req.specifier and str(req.specifier).startswith("=="):
            pins[canonicalize_name(req.name)] = str(req.specifier)[2:]
        lines.append(item)
    with tempfile.TemporaryDirectory() as tmp:
        reqs, report = Path(tmp) / "requirements.txt", Path(tmp) / "report.json"
        reqs.write_text("\n".join(lines) + "\n")
        subprocess.run(
            [sys.executable, "-m", "pip", "install", "--dry-run", "--ignore-installed", "-q",
             "--report", str(report), "-r", str(reqs)],
            check=True,
        )  # fmt: skip
        planned = {
            canonicalize_name(item["metadata"]["name"]): item["metadata"]["version"]
            for item in json.loads(report.read_text())["install"]
        }
    problems = [
        f"{name}: planned {planned.get(name)}, pinned {version}"
        for name, version in pins.items()
        if planned.get(name) != version
    ]
    problems += [f"{name} is not in the plan" for name in ("l10-utils", "otter-grader")
                 if name not in planned]  # fmt: skip
    for line in problems:
        print(line)
    if not problems:
        shown = ("torch", "torchvision", "l10-utils", "otter-grader")
        print(f"{len(planned)} packages resolve: " + ", ".join(f"{n} {planned[n]}" for n in shown))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
