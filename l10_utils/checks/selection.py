"""Notebook 4: ``beyond_spread(a, b)`` and ``choose_lambda(results)``.

The right rules live nowhere in the package: the cases carry their expected answers; the named
mistakes are wrong rules, each tried against the student's answers.
"""

from __future__ import annotations

from collections.abc import Callable
from statistics import fmean as _mean
from statistics import stdev

import numpy as np

from .. import verdicts as bundle_verdicts
from ._common import _call, _likely_cause, _passed, _reaches

_Rows = dict[float, tuple[list[float], list[float]]]


class _NoPeekDict(dict):
    """A results entry that records whether anybody read its 'test_acc'."""

    peeked = False

    def __getitem__(self, key):
        self.peeked |= key == "test_acc"
        return super().__getitem__(key)

    def get(self, key, default=None):
        return self[key] if key in self else default


def _range(values: list[float]) -> float:
    return max(values) - min(values)


def _fitting(rules: dict[str, Callable], answers: list[tuple[tuple, object]]) -> list[str]:
    """The hints of the wrong rules that give every one of the student's answers so far."""
    return [h for h, rule in rules.items() if all(rule(*args) == got for args, got in answers)]


# the two ways of taking a standard deviation give the same answers on every case below
_SPREAD_IS_A_RANGE = (
    "the spread is the range of the values over the seeds (largest minus smallest), not a "
    "standard deviation."
)

CHOOSE_LAMBDA_CASES: list[tuple[_Rows, float, str]] = [
    # (rows λ -> (val_acc per seed, test_acc per seed), expected λ, what the case tests).
    # Each wrong rule below fails one of them at least (tests/test_checks.py); dyadic
    # numbers where a mean lands exactly on a spread's edge.
    (
        {
            0.0: ([0.78, 0.77, 0.77], [0.95, 0.95, 0.95]),
            3.0: ([0.79, 0.78, 0.80], [0.80, 0.80, 0.80]),
            10.0: ([0.82, 0.85, 0.85], [0.85, 0.85, 0.86]),
            30.0: ([0.89, 0.87, 0.87], [0.90, 0.89, 0.89]),
            100.0: ([0.84, 0.76, 0.82], [0.82, 0.82, 0.83]),
        },
        30.0,
        "an erratic large λ (like λ = 100 on the noisy labels)",
    ),
    (
        {
            0.0: ([0.92, 0.91, 0.92], [0.93, 0.93, 0.93]),
            3.0: ([0.90, 0.94, 0.90], [0.92, 0.92, 0.92]),
            10.0: ([0.91, 0.93, 0.92], [0.92, 0.92, 0.93]),
            30.0: ([0.92, 0.91, 0.91], [0.92, 0.93, 0.92]),
            100.0: ([0.86, 0.84, 0.85], [0.86, 0.86, 0.86]),
        },
        30.0,
        "a larger λ that the seeds cannot tell from the best",
    ),
    (
        {
            0.0: ([0.89, 0.91, 0.90], [0.80, 0.80, 0.80]),
            1.0: ([0.95, 0.60, 0.60], [0.90, 0.90, 0.90]),
        },
        0.0,
        "one lucky seed of a worse λ",
    ),
    (
        {
            0.0: ([0.90, 0.80, 0.85], [0.90, 0.90, 0.90]),
            1.0: ([0.73, 0.83, 0.78], [0.80, 0.80, 0.80]),
            10.0: ([0.60, 0.61, 0.62], [0.70, 0.70, 0.70]),
        },
        1.0,
        "a λ whose mean is further from the best than a standard deviation",
    ),
    (
        {
            0.0: ([0.70, 0.80, 0.90], [0.90, 0.90, 0.90]),
            3.0: ([0.73, 0.73, 0.73], [0.80, 0.80, 0.80]),
        },
        3.0,
        "a steady λ close to a best λ with a wide spread",
    ),
    (
        {
            30.0: ([0.86, 0.86, 0.87], [0.80, 0.80, 0.80]),
            0.0: ([0.88, 0.87, 0.86], [0.90, 0.90, 0.90]),
            10.0: ([0.87, 0.86, 0.87], [0.85, 0.85, 0.85]),
            100.0: ([0.70, 0.71, 0.72], [0.70, 0.70, 0.70]),
        },
        30.0,
        "λ not in sorted order",
    ),
    (
        {
            0.0: ([0.5, 0.5, 0.5], [1.0, 1.0, 1.0]),
            0.1: ([0.75, 1.0, 0.875], [0.5, 0.5, 0.5]),
            1.0: ([0.625, 0.625, 0.625], [0.5, 0.5, 0.5]),
        },
        1.0,
        "a λ exactly at the edge of the best λ's spread",
    ),
    ({0.3: ([0.88, 0.87, 0.89], [0.87, 0.86, 0.88])}, 0.3, "a single λ"),
]


def _close_lams(rows: _Rows, yardstick: Callable, *, edge: bool = True) -> list[float]:
    """The λ whose mean is at most ``yardstick(best, λ)`` below the best (less: without edge)."""
    best = max(rows, key=lambda lam: _mean(rows[lam][0]))
    gaps = {lam: (_mean(rows[best][0]) - _mean(rows[lam][0]), yardstick(best, lam)) for lam in rows}
    return [lam for lam, (gap, limit) in gaps.items() if (gap <= limit if edge else gap < limit)]


# Plausible wrong rules: each hint -> its rule. Reading test_acc is caught by _NoPeekDict.
_CHOOSE_WRONG_RULES: dict[str, Callable[[_Rows], float]] = {
    "it returns the λ of the best mean. Its seeds spread too: among the λ whose mean the best "
    "λ's seeds cannot tell from the best mean, return the largest (the simpler model).": (
        lambda r: max(r, key=lambda lam: (_mean(r[lam][0]), lam))
    ),
    "it measures each λ against the larger of two spreads, so an erratic λ hides behind its "
    "own wide spread. Measure every λ against the best λ's spread only.": lambda r: max(
        _close_lams(r, lambda b, lam: max(_range(r[b][0]), _range(r[lam][0])))
    ),
    "it measures each λ against its own spread: an erratic λ then passes. Use the best λ's "
    "spread for every λ.": lambda r: max(_close_lams(r, lambda b, lam: _range(r[lam][0]))),
    "it uses the smaller of two spreads: use the best λ's spread for every λ.": lambda r: max(
        _close_lams(r, lambda b, lam: min(_range(r[b][0]), _range(r[lam][0])))
    ),
    "it uses the widest spread of all λ: use the best λ's spread for every λ.": lambda r: max(
        _close_lams(r, lambda b, lam: max(_range(v) for v, _ in r.values()))
    ),
    _SPREAD_IS_A_RANGE: lambda r: max(_close_lams(r, lambda b, lam: stdev(r[b][0]))),
    "among the λ the seeds cannot tell from the best, return the largest λ (the simpler model, "
    "the stronger penalty), not the smallest.": lambda r: min(
        _close_lams(r, lambda b, lam: _range(r[b][0]))
    ),
    "return the largest λ by value: the keys of results need not be in sorted order.": (
        lambda r: _close_lams(r, lambda b, lam: _range(r[b][0]))[-1]
    ),
    "a mean exactly at the edge of the best λ's spread is not beyond it: the seeds cannot tell "
    "it from the best either, so it counts.": lambda r: max(
        _close_lams(r, lambda b, lam: _range(r[b][0]), edge=False), default=None
    ),
    "it looks at one seed only. results[lam]['val_acc'] is a list with one accuracy per seed: "
    "decide on the means and the spread over all seeds.": (
        lambda r: max(r, key=lambda lam: (r[lam][0][0], lam))
    ),
    "it trusts the best single seed, which is partly luck: decide on the means over seeds.": (
        lambda r: max(r, key=lambda lam: (max(r[lam][0]), lam))
    ),
    "it starts from the lowest validation accuracy: the best λ has the highest mean.": (
        lambda r: min(r, key=lambda lam: _mean(r[lam][0]))
    ),
}


def check_choose_lambda(choose_lambda: Callable[[dict], float]) -> None:
    """Check ``choose_lambda(results)``: the λ to use, decided on validation accuracy alone.

    ``results`` maps each λ to a dict of per-seed lists (``"val_acc"``, ``"test_acc"``, ...).
    It must return one of the keys of ``results`` itself (notebook 4 looks up
    ``results[best]``), never read ``"test_acc"`` and leave ``results`` unchanged.
    """
    name = "choose_lambda"
    answers: list[tuple[tuple, object]] = []
    for rows, want, what in CHOOSE_LAMBDA_CASES:
        results = {
            lam: _NoPeekDict(val_acc=list(v), test_acc=list(t), val_loss=[1 - a for a in v])
            for lam, (v, t) in rows.items()
        }
        got = _call(choose_lambda, name, results, case=f"for {what}")
        if any(entry.peeked for entry in results.values()):
            raise AssertionError(
                f"{name} read 'test_acc': choose λ on validation data only. The test set is "
                "used for no choice: it only reports the chosen λ's accuracy in the end."
            )
        try:
            is_key = got in results
        except TypeError:  # unhashable: a list, a dict, an array
            is_key = False
        if not is_key:
            raise AssertionError(
                f"{name} must return one of the λ values (the keys of results), got {got!r}. "
                "Return the key itself, not its entry, its accuracy or a tensor."
            )
        answers.append(((rows,), got))
        if got != want:
            val = {lam: rows[lam][0] for lam in rows}
            raise AssertionError(
                f"{name} returned {got} for {what} (val_acc per seed, by λ: {val}), expected "
                f"{want}. "
                + _likely_cause(
                    _fitting(_CHOOSE_WRONG_RULES, answers),
                    "reread the rule: which λ is the best, which spread is the yardstick, "
                    "whether the edge counts, and which of the close λ to return.",
                )
            )
    _passed(name, len(CHOOSE_LAMBDA_CASES))


# --------------------------------------------------------------------------- beyond_spread


def _gap(a: list[float], b: list[float]) -> float:
    return abs(_mean(a) - _mean(b))


def _larger_spread(a: list[float], b: list[float]) -> float:
    return max(_range(a), _range(b))


# Plausible wrong rules: each hint -> its rule.
_WRONG_RULES: dict[str, Callable[[list, list], bool]] = {
    "it adds the two spreads: the yardstick is the larger of the two, not their sum.": (
        lambda a, b: _gap(a, b) > _range(a) + _range(b)
    ),
    "use the larger of both spreads, not only the first list's.": (
        lambda a, b: _gap(a, b) > _range(a)
    ),
    "the difference can go either way (a setting can also be worse beyond the spread): "
    "compare its size, its absolute value.": (
        lambda a, b: _mean(a) - _mean(b) > _larger_spread(a, b)
    ),
    "compare the means over all seeds, not one seed of each.": (
        lambda a, b: abs(a[0] - b[0]) > _larger_spread(a, b)
    ),
    "use the means, not the medians.": (
        lambda a, b: abs(sorted(a)[len(a) // 2] - sorted(b)[len(b) // 2]) > _larger_spread(a, b)
    ),
    "non-overlapping ranges are another rule: the bundle's compares the difference of the "
    "means with the spread.": lambda a, b: max(a) < min(b) or max(b) < min(a),
    _SPREAD_IS_A_RANGE: lambda a, b: _gap(a, b) > max(stdev(a), stdev(b)),
    "a difference exactly equal to the spread is not beyond it: the seeds cannot rank those "
    "two.": lambda a, b: _gap(a, b) >= _larger_spread(a, b),
}

# (a, b, expected). Together they tell every rule above from the right one; dyadic numbers
# where a tie matters, so that every way of taking a mean gives exactly the same number.
BEYOND_SPREAD_CASES = [
    ([0.90, 0.91, 0.92], [0.80, 0.81, 0.82], True),
    ([0.90, 0.80, 0.85], [0.84, 0.86, 0.85], False),
    ([0.1, 0.1, 0.1], [0.9, 0.9, 0.9], True),
    ([0.0, 0.1, 0.2], [0.35, 0.45, 0.55], True),
    ([0.5, 0.5, 0.5], [0.0, 0.4, 0.8], False),
    ([2.0, 0.0, 1.0], [-0.5, 1.5, 1.0], False),
    ([0.0, 0.0, 0.9], [1.0, 1.1, 1.2], False),
    ([0.0, 1.0, 2.0], [2.5, 2.6, 2.7], False),
    ([0.0, 0.1, 0.2], [0.15, 0.25, 0.35], False),
    ([0.25, 0.5, 0.75], [1.0, 1.0, 1.0], False),
    ([0.7, 0.71, 0.7, 0.69], [0.6, 0.61, 0.62], True),
]
TOO_FEW = [([0.9], [0.8, 0.81, 0.82]), ([0.9, 0.91, 0.92], [0.8, 0.81])]


def check_beyond_spread(beyond_spread: Callable[[list, list], bool]) -> None:
    """Check ``beyond_spread(a, b)``: the bundle's rule for a difference beyond the seeds'
    spread (``max - min`` of each list's per-seed values).

    It must return a bool (a NumPy bool is accepted), leave its lists unchanged, raise
    ``ValueError`` for a list of fewer than 3 values, and not call ``l10_utils.verdicts``.
    """
    name = "beyond_spread"
    answers: list[tuple[tuple, object]] = []
    for a, b, want in BEYOND_SPREAD_CASES:
        got = _call(beyond_spread, name, list(a), list(b), case=f"for a={a}, b={b}")
        if not isinstance(got, bool | np.bool_):
            raise AssertionError(
                f"{name}({a}, {b}) must return True or False, got {got!r}. Return the result "
                "of the comparison itself, not a number or a sentence."
            )
        answers.append(((a, b), bool(got)))
        if bool(got) != want:
            raise AssertionError(
                f"{name}(a={a}, b={b}) returned {bool(got)}, expected {want}. "
                + _likely_cause(
                    _fitting(_WRONG_RULES, answers),
                    "reread the rule in the exercise: which two numbers are compared, which "
                    "spread is the yardstick, and whether a tie counts.",
                )
            )
    for a, b in TOO_FEW:
        try:
            got = _call(beyond_spread, name, list(a), list(b), case=f"for a={a}, b={b}",
                        allow=(ValueError,))  # fmt: skip
        except ValueError:
            continue
        raise AssertionError(
            f"{name}(a={a}, b={b}) returned {got!r}: with fewer than 3 seeds in a list there is "
            "no verdict. Raise ValueError in that case, with a message saying so."
        )
    verdicts = {bundle_verdicts.verdict.__code__, bundle_verdicts.compare.__code__}
    if _reaches(verdicts, beyond_spread, *BEYOND_SPREAD_CASES[0][:2]):
        raise AssertionError(
            f"{name} calls l10_utils.verdicts (verdict or compare): the exercise is to write the "
            "rule yourself, from the means and the spreads."
        )
    _passed(name, len(BEYOND_SPREAD_CASES) + len(TOO_FEW))
