"""Every checker in-process: each stored answer of tests/exercises/ once (a right one passes with
one ✓ line; a wrong one fails with its hint, a mistake code and no answer in the message), the
stub, the grader's hidden cases, the numbers the package stores, and the checks' guards.

The stored answers go through the notebooks' check cells in a kernel once too
(``tests/test_release.py``); the answers and their files: tests/exercises/README.md.
"""

from __future__ import annotations

import io
import re
from contextlib import redirect_stdout
from pathlib import Path

import nbformat
import pytest
import torch
import torch.nn.functional as F
from notebook_files import (
    EXERCISE_NAMES,
    EXERCISES,
    SOLUTIONS,
    answer_kind,
    exercise_cells,
    solution_code,
)
from torch import nn

from l10_utils import checks
from l10_utils.checks._engine import close, run, stored
from tools import exercises as tool

ANSWERS = sorted(EXERCISES.glob("*/*.py"))


def load_answer(path: Path):
    """The function a stored answer defines, as its solution cell would run it."""
    return tool.load(path.read_text(), path.parent.name, str(path))


def checker_for(name: str):
    return getattr(checks, f"check_{name}")


def leak_patterns(name: str) -> list[re.Pattern]:
    lines = [line.strip() for line in (EXERCISES / name / "leaks.txt").read_text().splitlines()]
    return [re.compile(line) for line in lines if line and not line.startswith("#")]


def solution_source(name: str) -> str:
    """The solution notebook's own answer, as a student would type it."""
    for path in SOLUTIONS:
        nb = nbformat.read(path, 4)
        for exercise, i, _ in exercise_cells(nb):
            if exercise == name:
                return solution_code(nb.cells[i].source)
    raise LookupError(name)


def solution(name: str):
    """The function the solution notebook defines."""
    return tool.load(solution_source(name), name)


def test_every_exercise_has_its_answers_cases_and_leak_patterns():
    graded = {name for path in SOLUTIONS for name, _, _ in exercise_cells(nbformat.read(path, 4))}
    assert graded == set(EXERCISE_NAMES) == set(checks.EXERCISES)
    for name in EXERCISE_NAMES:
        files = [p.name for p in (EXERCISES / name).glob("*.py")]
        assert any(f.startswith("right_") for f in files), name
        assert sum(f.startswith("wrong_") for f in files) >= 6, name
        assert leak_patterns(name), name
        cases = tool.build(name)[1]["cases"]  # the hidden ones: the public are tested below
        assert cases and (EXERCISES / name / "cases.json").is_file(), name
    exported = {n for n in dir(checks) if n.startswith("check_")}
    assert exported == {f"check_{name}" for name in EXERCISE_NAMES}


@pytest.mark.parametrize("path", ANSWERS, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_stored_answer_gets_its_verdict_and_hint(path):
    kind, text = answer_kind(path)
    check, out = checker_for(path.parent.name), io.StringIO()
    if path.name.startswith("right_"):
        assert text == "pass", f"{path.name}: a right answer's first line is '# expect: pass'"
        with redirect_stdout(out):
            check(load_answer(path))
        # one line: the ✓, then what passing shows, if the checker has more to say
        assert re.fullmatch(
            rf"✓ {path.parent.name}: \d+ cases passed(\. [^\n]+)?\n", out.getvalue()
        )
        return
    with pytest.raises(AssertionError) as err, redirect_stdout(out):
        check(load_answer(path))
    message = str(err.value)
    assert text in message, f"the message should say {text!r}: {message}"
    assert re.search(r"\(mistake [0-9a-f]{6}\)", message), message  # the mistakes report reads it
    assert out.getvalue() == ""  # no success line on failure
    leaks = [p.pattern for p in leak_patterns(path.parent.name) if p.search(message)]
    assert not leaks, f"the message gives the answer away ({leaks}): {message}"


@pytest.mark.parametrize("name", EXERCISE_NAMES)
def test_the_stub_stops_run_all_with_a_message_naming_the_exercise(name):
    def stub(*args):
        raise NotImplementedError()

    with pytest.raises(NotImplementedError, match=f"exercise {name} is not done yet; the cells"):
        checker_for(name)(stub)


def test_not_implemented_raised_inside_the_students_code_is_an_error_in_it():
    def helper(*args):
        raise NotImplementedError("this operation is not supported")

    def kept_fraction(s, lam):
        return helper(s, lam)

    with pytest.raises(AssertionError, match="raised NotImplementedError in the code it calls"):
        checks.check_kept_fraction(kept_fraction)


def _same(a, b) -> bool:
    """Whether two arguments of a case are the same inputs (tensors, models, results dicts)."""
    if isinstance(a, torch.Tensor):
        return isinstance(b, torch.Tensor) and a.shape == b.shape and torch.equal(a, b)
    if isinstance(a, nn.Module):
        pairs = list(zip(a.state_dict().values(), b.state_dict().values(), strict=False))
        return len(a.state_dict()) == len(b.state_dict()) and all(_same(*p) for p in pairs)
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(_same(dict.get(a, k), dict.get(b, k)) for k in a)
    return a is b or type(a).__name__ == "_Sealed" or a == b


# the exercises that return plain values (the others return objects built from their inputs:
# a model's penalty, its parameter groups, so no table of results could pass even in public)
VALUES = [n for n in EXERCISE_NAMES if n not in ("l2_penalty", "penalized_batch_cost",
                                                 "decay_param_groups")]  # fmt: skip


@pytest.mark.parametrize("name", EXERCISE_NAMES)
def test_the_hidden_cases_pass_the_solution(name):
    checker_for(name)(solution(name), hidden=tool.build(name)[1])  # silent: no ✓ line


@pytest.mark.parametrize("name", VALUES)
def test_the_public_results_hard_coded_fail_the_hidden_cases(name):
    ex, hidden, right = checks.EXERCISES[name], tool.build(name)[1], solution(name)
    known = [ex.inputs(case) for case in stored(name)["cases"]]
    results = [right(*args) for args in known]

    def typed(result):  # the stored numbers typed into the function: tensors made in the call
        if isinstance(result, tuple):
            return tuple(map(typed, result))
        return result.clone() if isinstance(result, torch.Tensor) else result

    def hard_coded(*args):
        for inputs, result in zip(known, results, strict=True):
            if all(map(_same, inputs, args)):
                return typed(result)
        return typed(results[0])

    with redirect_stdout(io.StringIO()):
        checker_for(name)(hard_coded)  # it passes the check cell's cases ...
    with pytest.raises(AssertionError):  # ... and fails the grader's (a result or even a key)
        checker_for(name)(hard_coded, hidden=hidden)


@pytest.mark.parametrize("name", EXERCISE_NAMES)
def test_every_stored_mistake_is_wrong_on_some_case(name):
    # a mistake whose results equal the right ones on every case would never be named
    data = stored(name)
    right = tool.results(name, solution(name), data["cases"])
    for mistake in data["mistakes"]:
        wrong = [
            not close(out, want, case)
            for out, want, case in zip(mistake["outputs"], right, data["cases"], strict=True)
            if out is not None
        ]
        assert any(wrong), f"{name}: {mistake['hint']!r} gives the right results on every case"


def test_the_stored_numbers_agree_with_an_independent_route():
    """Each exercise whose check compares with stored numbers: the numbers against a
    computation written here (where the package must not have one)."""
    for case, want in zip(*(stored("l2_penalty")[k] for k in ("cases", "expected")), strict=True):
        net = checks.EXERCISES["l2_penalty"].inputs(case)[0]
        weights = [p.detach() for p in net.parameters() if p.ndim >= 2]
        along = [
            torch.arange(w.numel(), dtype=torch.float64).reshape(w.shape).cos() for w in weights
        ]
        value = sum(float((w.double() ** 2).sum()) for w in weights)
        slope = sum(float((2 * w.double() * v).sum()) for w, v in zip(weights, along, strict=True))
        assert close([value, slope], want, case), case
    for case, want in zip(*(stored("penalized_batch_cost")[k] for k in ("cases", "expected")),
                          strict=True):  # fmt: skip
        logits, targets, penalty, lam, n = checks.EXERCISES["penalized_batch_cost"].inputs(case)
        value = F.cross_entropy(logits, targets) + lam / (2 * n) * penalty
        assert close([value.item()], want[:1], case) and close([lam / (2 * n)], want[2:], case)
    for case, want in zip(*(stored("decay_param_groups")[k] for k in ("cases", "expected")),
                          strict=True):  # fmt: skip
        net, wd = checks.EXERCISES["decay_param_groups"].inputs(case)
        assert want == [wd if p.ndim >= 2 else 0.0 for p in net.parameters() if p.requires_grad]
    for case, want in zip(*(stored("memorized_fraction")[k] for k in ("cases", "expected")),
                          strict=True):  # fmt: skip
        logits, trained, true = checks.EXERCISES["memorized_fraction"].inputs(case)
        moved = [k for k in range(len(true)) if trained[k] != true[k]]
        hits = sum(int(logits[k].argmax()) == int(trained[k]) for k in moved)
        assert want == [round(hits / len(moved), 6)], case
    for case, want in zip(
        *(stored("choose_lambda")[k] for k in ("cases", "expected")), strict=True
    ):
        # the largest λ whose mean val_acc falls short of the best mean by at most the best
        # λ's spread (max - min over its seeds): written here only, never in the package
        rows = {lam: val for lam, val, _ in case["rows"]}
        means = {lam: sum(v) / len(v) for lam, v in rows.items()}
        best = max(means, key=means.get)
        assert [m for m in means.values() if m == means[best]] == [means[best]], case["what"]
        edge = max(rows[best]) - min(rows[best])
        assert want == [max(lam for lam in rows if means[best] - means[lam] <= edge)], case["what"]
    for name in ("kept_fraction", "penalized_logistic_grad", "network_code_weight_decay",
                 "literal_lambda"):  # fmt: skip  (public and hidden cases)
        for data in (stored(name), tool.build(name)[1]):
            for case, want in zip(data["cases"], data["expected"], strict=True):
                assert close(_formula(name, checks.EXERCISES[name].inputs(case)), want, case)


def _formula(name: str, args: tuple) -> list[float]:
    """The answers' formulas, written here only (the package holds none)."""
    if name == "kept_fraction":
        s, lam = args
        return (s / (s + lam / 2)).reshape(-1).tolist()
    if name == "penalized_logistic_grad":
        w, b, X, y, lam = args
        r = torch.sigmoid(X @ w + b) - y
        return (X.T @ r / len(X) + lam / len(X) * w).tolist() + [r.mean().item()]
    if name == "network_code_weight_decay":
        return [4 * args[0] / args[1]]
    return [args[1] * args[0]]  # literal_lambda: n · λ_lecture


def test_finite_differences_fail_the_gradient_check_on_its_tolerance_alone():
    # central differences in float64, the guard that counts cost evaluations left out: the
    # tolerance itself (1e-12 in float64) is tighter than they reach (about 1e-10)
    def finite_differences(w, b, X, y, lam):
        def cost(theta):
            z = X.double() @ theta[:-1] + theta[-1]
            bce = F.binary_cross_entropy_with_logits(z, y.double())
            return bce + lam / (2 * len(X)) * (theta[:-1] ** 2).sum()

        theta, h = torch.cat([w.double(), b.double().reshape(1)]), 1e-6
        grad = torch.stack([(cost(theta + h * e) - cost(theta - h * e)) / (2 * h)
                            for e in torch.eye(len(theta), dtype=torch.float64)])  # fmt: skip
        return grad[:-1].to(w.dtype), grad[-1].to(b.dtype)

    unguarded = checks.EXERCISES["penalized_logistic_grad"]._replace(guard=None)
    with pytest.raises(AssertionError, match="not to rounding"):
        run(unguarded, finite_differences, stored("penalized_logistic_grad"))


def test_checkers_leave_the_notebooks_random_state_alone():
    for name in EXERCISE_NAMES:
        torch.manual_seed(123)
        expected = torch.rand(3)
        torch.manual_seed(123)
        with redirect_stdout(io.StringIO()):
            checker_for(name)(solution(name))
        assert torch.equal(torch.rand(3), expected), name


def test_the_mistake_codes_are_the_ones_the_grading_report_knows():
    from tools.otter_grading import mistake_names

    for name in EXERCISE_NAMES:
        codes = mistake_names(name)
        assert len(codes) == len(set(codes)), name  # one code, one mistake
        hints = {m["hint"] for m in stored(name)["mistakes"]}
        assert hints <= set(codes.values()), name


def test_the_checks_stay_smaller_than_what_they_grade():
    # one engine and the exercises' specs: at most 600 lines (tools.line_counts' count)
    from tools.line_counts import code_lines

    folder = Path(checks.__file__).parent
    assert sum(code_lines(path) for path in folder.glob("*.py")) <= 600
