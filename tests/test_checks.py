"""Every checker accepts right answers written differently and rejects plausible wrong ones.

The answers live in tests/exercises/<function>/{right,wrong}_*.py (see the README there).
"""

import re
from pathlib import Path

import nbformat
import pytest
import torch
import torch.nn.functional as F
from notebook_files import EXERCISES, SOLUTIONS, exercise_cells, split_answer
from torch import nn

from l10_utils import checks

ANSWERS = sorted(EXERCISES.glob("*/*.py"))


def load_answer(path: Path):
    """Execute an answer file as a solution cell would run; return (function, expected hint)."""
    expect, _ = split_answer(path)
    namespace = {"torch": torch, "F": F, "nn": nn}
    exec(compile(path.read_text(), str(path), "exec"), namespace)
    return namespace[path.parent.name], expect


def checker_for(function_name: str):
    return getattr(checks, f"check_{function_name}")


def test_every_exercise_has_right_and_wrong_answers():
    for folder in EXERCISES.iterdir():
        if folder.is_dir():
            names = [p.name for p in folder.glob("*.py")]
            assert any(n.startswith("right_") for n in names), folder
            assert sum(n.startswith("wrong_") for n in names) >= 6, folder


@pytest.mark.parametrize("path", ANSWERS, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_checker_verdict_on_stored_answer(path, capsys):
    function, expect = load_answer(path)
    check = checker_for(path.parent.name)
    if path.name.startswith("right_"):
        assert expect == "pass"
        check(function)
        out = capsys.readouterr().out
        # one line: the ✓, then what passing shows, if the checker has more to say
        assert re.fullmatch(rf"✓ {path.parent.name}: \d+ cases passed(\. [^\n]+)?\n", out), out
    else:
        with pytest.raises(AssertionError) as err:
            check(function)
        assert expect in str(err.value), f"hint should mention {expect!r}: {err.value}"
        assert capsys.readouterr().out == ""  # no success line on failure


@pytest.mark.parametrize("name", sorted(p.name for p in EXERCISES.iterdir() if p.is_dir()))
def test_checker_fails_on_the_student_stub(name):
    def stub(*args):
        raise NotImplementedError()

    with pytest.raises(NotImplementedError, match=f"exercise {name} is not done yet; the cells"):
        checker_for(name)(stub)


def test_every_graded_exercise_of_the_notebooks_has_stored_answers():
    # The exercises are the graded solution cells of the notebooks, whatever their number.
    graded = {name for path in SOLUTIONS for name, _, _ in exercise_cells(nbformat.read(path, 4))}
    folders = {p.name for p in EXERCISES.iterdir() if p.is_dir()}
    assert graded and folders == graded, "tests/exercises/<name>/ holds each exercise's answers"


def test_the_checks_package_exports_one_checker_per_exercise():
    # Notebooks import the checkers from l10_utils.checks, whatever module defines them.
    folders = {p.name for p in EXERCISES.iterdir() if p.is_dir()}
    exported = {name for name in checks.__all__ if name.startswith("check_")}
    assert exported == {f"check_{name}" for name in folders}
    assert {n for n in dir(checks) if n.startswith("check_")} == exported
    for name in exported:
        assert getattr(checks, name).__module__.startswith("l10_utils.checks.")


@pytest.mark.parametrize("name", sorted(p.name for p in EXERCISES.iterdir() if p.is_dir()))
def test_every_checker_states_what_the_function_must_return(name):
    doc = " ".join(checker_for(name).__doc__.split())
    assert "must return" in doc, f"check_{name}'s docstring should state the return type"


@pytest.mark.parametrize(
    "path",
    [sorted(f.glob("right_*.py"))[0] for f in sorted(EXERCISES.iterdir()) if f.is_dir()],
    ids=lambda p: p.parent.name,
)
def test_checkers_leave_the_notebooks_random_state_alone(path):
    function, _ = load_answer(path)
    torch.manual_seed(123)
    expected = torch.rand(3)
    torch.manual_seed(123)
    checker_for(path.parent.name)(function)
    assert torch.equal(torch.rand(3), expected)


def test_a_hint_names_each_matching_mistake_once_or_falls_back():
    from l10_utils.checks._common import _likely_cause

    assert _likely_cause(["a.", "b.", "a."], "f.") == "Likely cause: a. Or: b."
    assert _likely_cause([], "f.") == "Hint: f."


def test_beyond_spread_cases_agree_with_the_bundles_own_rule():
    from l10_utils import verdicts
    from l10_utils.checks.selection import BEYOND_SPREAD_CASES, TOO_FEW

    for a, b, want in BEYOND_SPREAD_CASES:
        assert (verdicts.verdict(a, b, higher_is_better=True) != "within") is want, (a, b)
    for a, b in TOO_FEW:
        with pytest.raises(ValueError, match="at least 3 seeds"):
            verdicts.verdict(a, b, higher_is_better=True)


def test_every_wrong_rule_of_beyond_spread_fails_some_case():
    from l10_utils.checks.selection import _WRONG_RULES, BEYOND_SPREAD_CASES

    for hint, rule in _WRONG_RULES.items():
        assert any(rule(a, b) != want for a, b, want in BEYOND_SPREAD_CASES), hint


def test_choose_lambda_cases_follow_the_rule_of_notebook_4():
    # The largest λ whose mean val_acc falls short of the best mean by at most the best λ's
    # spread (max - min over its seeds); written here only, never in the package.
    from l10_utils.checks.selection import CHOOSE_LAMBDA_CASES

    def mean(v):
        return sum(v) / len(v)

    for rows, want, what in CHOOSE_LAMBDA_CASES:
        best = max(rows, key=lambda lam: mean(rows[lam][0]))
        tops = [lam for lam in rows if mean(rows[lam][0]) == mean(rows[best][0])]
        assert tops == [best], f"{what}: a tie for the best mean leaves the rule ambiguous"
        edge = max(rows[best][0]) - min(rows[best][0])
        close = [lam for lam in rows if mean(rows[best][0]) - mean(rows[lam][0]) <= edge]
        assert max(close) == want, what


def test_every_wrong_rule_of_choose_lambda_fails_some_case():
    from l10_utils.checks.selection import _CHOOSE_WRONG_RULES, CHOOSE_LAMBDA_CASES

    for hint, rule in _CHOOSE_WRONG_RULES.items():
        assert any(rule(rows) != want for rows, want, _ in CHOOSE_LAMBDA_CASES), hint
