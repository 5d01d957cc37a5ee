"""Claims of a notebook, asserted on its own variables, outside the student's reading.

A notebook keeps an assert only where the check is the lesson. Every other claim it makes
("the norms fall with λ on every seed", "two routes train the same network") is a piece of
code here: ``run_claims`` runs the whole solution notebook once in a kernel, then each claim
as one more cell in the same kernel, so a claim sees the notebook's variables exactly as a
student's run leaves them. Each test module of the form ``tests/test_claims_<nb>.py`` holds
one notebook's claims as a dict, and ``claim_tests`` makes its test of each:

    CLAIMS = {"norms_fall_with_lambda": "assert all(...), 'why'"}
    outcome, test_claim = claim_tests("02_manual_l2_loop.ipynb", CLAIMS)
"""

from __future__ import annotations

from collections.abc import Mapping

import nbformat
import pytest
from notebook_files import ROOT, run_notebook

SOLUTIONS_DIR = ROOT / "notebooks" / "solutions"


def run_claims(notebook: str, claims: Mapping[str, str], *, timeout: int = 300) -> dict:
    """Run ``notebook`` (a file of notebooks/solutions), then each claim's code after it.

    Return {claim: None if its cell ran without error, else "ename: evalue" and the
    traceback's last lines}. A notebook cell that fails raises (the claims then mean
    nothing).
    """
    nb = nbformat.read(SOLUTIONS_DIR / notebook, as_version=4)
    first_claim = len(nb.cells)
    nb.cells += [nbformat.v4.new_code_cell(code) for code in claims.values()]
    run_notebook(nb, SOLUTIONS_DIR, timeout=timeout, allow_errors=True)
    for i, cell in enumerate(nb.cells[:first_claim]):
        errs = [o for o in cell.get("outputs", []) if o.output_type == "error"]
        assert not errs, f"cell {i} of {notebook} failed: {errs[0].ename}: {errs[0].evalue}"
    outcome = {}
    for name, cell in zip(claims, nb.cells[first_claim:], strict=True):
        errs = [o for o in cell.get("outputs", []) if o.output_type == "error"]
        outcome[name] = (
            None
            if not errs
            else f"{errs[0].ename}: {errs[0].evalue}\n" + "\n".join(errs[0].traceback[-3:])
        )
    return outcome


def claim_tests(notebook: str, claims: Mapping[str, str]):
    """(fixture, test) for a test module: the notebook run once, then one test per claim."""

    @pytest.fixture(scope="module")
    def outcome() -> dict:
        return run_claims(notebook, claims)

    @pytest.mark.notebook_run
    @pytest.mark.parametrize("claim", claims)
    def test_claim(outcome, claim):
        assert outcome[claim] is None, outcome[claim]

    return outcome, test_claim
