"""Judge a ``pip install --dry-run --report`` plan against Colab's versions.

Used by .ci/run, twice:

    python tests/colab_install_plan.py REPORT.json
        (a plan made with -c tests/constraints/colab.txt --ignore-installed): fails if pip
        plans any package that colab.txt pins at another version, or JupyterLab;
    python tests/colab_install_plan.py REPORT.json --only l10-utils
        (a plan made inside the Colab-versions venv, as Colab's set-up cell would run it):
        fails if pip plans to install or upgrade anything but l10_utils itself.

Exits 1 with one line per offending package, 0 with the plan summarized.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

COLAB = Path(__file__).with_name("constraints") / "colab.txt"
NEVER_IN_COLAB = {"jupyterlab"}


def colab_pins(path: Path = COLAB) -> dict[str, str]:
    """Return ``{canonical name: version}`` from a file of ``name==version`` lines."""
    pins = {}
    for line in path.read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            req = Requirement(line)
            (spec,) = req.specifier
            if spec.operator != "==":
                raise ValueError(f"{path.name} must pin exact versions, got {line!r}")
            pins[canonicalize_name(req.name)] = spec.version
    return pins


def planned(report: dict) -> dict[str, str]:
    """Return ``{canonical name: version}`` of what a pip ``--report`` plans to install."""
    return {
        canonicalize_name(item["metadata"]["name"]): item["metadata"]["version"]
        for item in report.get("install", [])
    }


def problems(plan: dict[str, str], pins: dict[str, str], only: str | None = None) -> list[str]:
    """Return one line per package of ``plan`` that would change what Colab ships."""
    out = []
    for name, version in sorted(plan.items()):
        if only is not None and name != canonicalize_name(only):
            out.append(f"{name} {version}: Colab's set-up cell would install or upgrade it")
        elif name in pins and version != pins[name]:
            out.append(f"{name} {version}: Colab ships {pins[name]}")
        elif name in NEVER_IN_COLAB:
            out.append(f"{name} {version}: Colab does not use it; it belongs in the 'lab' extra")
    return out


def main(argv: list[str] | None = None) -> int:
    """Print the plan and its problems; return 1 if there are any."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("report", type=Path, help="the JSON file of pip install --report")
    parser.add_argument("--only", help="the one package the plan may hold")
    args = parser.parse_args(argv)
    plan = planned(json.loads(args.report.read_text()))
    if not plan:
        print(f"{args.report}: pip plans to install nothing, so this check would prove nothing")
        return 1
    print("pip plans: " + ", ".join(f"{n}=={v}" for n, v in sorted(plan.items())))
    found = problems(plan, colab_pins(), args.only)
    for line in found:
        print("COLAB CONFLICT: " + line)
    if not found:
        print(f"ok: nothing Colab ships is changed ({len(plan)} packages planned)")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
