"""The claims of each solution notebook run at the end of its nbval run, in the same kernel.

nbval collects one item per code cell of a notebook and runs them in order in one kernel.
For a solution notebook, each claim of ``tests/claims/nbNN.py`` is one more item after its
last cell: a cell with no stored output, so nbval only requires it to run without error
(tests/claims/__init__.py says why the claims live apart from the notebooks).
"""

from __future__ import annotations

import sys
from collections import defaultdict
from pathlib import Path

import nbformat

ROOT = Path(__file__).parent


def pytest_configure(config):
    try:
        from nbval.plugin import IPyNbCell, IPyNbFile
    except ImportError:  # nbval is a test tool; without it no notebook is collected anyway
        return
    sys.path.insert(0, str(ROOT / "tests"))
    from claims import claims_for

    collect = IPyNbFile.collect

    def collect_with_claims(self):
        cells = list(collect(self))
        yield from cells
        if self.path.parent != ROOT / "notebooks" / "solutions":
            return
        for k, (name, code) in enumerate(claims_for(self.path.name).items(), start=len(cells)):
            cell = nbformat.v4.new_code_cell(code)  # no stored output: only run, not compared
            options = defaultdict(bool, check=False)
            yield IPyNbCell.from_parent(self, name=f"claim {name}", cell_num=k, cell=cell,
                                        options=options)  # fmt: skip

    IPyNbFile.collect = collect_with_claims
