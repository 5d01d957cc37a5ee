"""Notebook 4: ``choose_lambda(results)`` and ``beyond_spread(a, b)``.

``choose_lambda``: the best mean validation accuracy over the seeds wins, ties go to the
larger λ, and the test accuracy is never looked at. ``beyond_spread``: whether two settings'
per-seed values differ by more than the seeds' spread (``l10_utils.seeds``).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from ._common import _call, _likely_cause, _passed


class _NoPeekDict(dict):
    """A results entry that records whether anybody read its 'test_acc'."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.peeked = False

    def __getitem__(self, key):
        if key == "test_acc":
            self.peeked = True
        return super().__getitem__(key)

    def get(self, key, default=None):
        if key == "test_acc":
            self.peeked = True
        return super().get(key, default)


def _results(rows: dict[float, tuple[list[float], list[float]]]) -> dict[float, dict]:
    return {
        lam: _NoPeekDict(val_acc=list(v), test_acc=list(t), val_loss=[1 - a for a in v])
        for lam, (v, t) in rows.items()
    }


def _mean(values: list[float]) -> float:
    return sum(values) / len(values)


CHOOSE_LAMBDA_CASES = [
    # (rows λ -> (val_acc per seed, test_acc per seed), expected λ, what the case tests).
    # Case 1 separates the mistakes: the best first seed is λ = 0.1, the best single seed
    # λ = 1, the best test accuracy λ = 0, the lowest mean λ = 10.
    (
        {
            0.0: ([0.90, 0.91, 0.89], [0.96, 0.95, 0.97]),
            0.01: ([0.93, 0.92, 0.94], [0.90, 0.91, 0.90]),
            0.1: ([0.94, 0.88, 0.89], [0.92, 0.91, 0.90]),
            1.0: ([0.85, 0.86, 0.97], [0.86, 0.85, 0.86]),
            10.0: ([0.80, 0.81, 0.79], [0.80, 0.80, 0.81]),
        },
        0.01,
        "the best mean validation accuracy",
    ),
    (
        {
            0.0: ([0.90, 0.90, 0.91], [0.90, 0.90, 0.90]),
            0.001: ([0.95, 0.94, 0.96], [0.97, 0.97, 0.97]),
            0.01: ([0.95, 0.94, 0.96], [0.93, 0.93, 0.93]),
            0.1: ([0.94, 0.94, 0.93], [0.92, 0.92, 0.92]),
        },
        0.01,
        "a tie in mean validation accuracy",
    ),
    (
        {
            1.0: ([0.80, 0.81, 0.79], [0.70, 0.71, 0.70]),
            0.0: ([0.70, 0.71, 0.72], [0.90, 0.91, 0.90]),
            0.1: ([0.75, 0.76, 0.74], [0.80, 0.80, 0.81]),
        },
        1.0,
        "λ not in sorted order",
    ),
    (
        {
            0.0: ([0.99, 0.90, 0.90], [0.93, 0.93, 0.93]),
            3.0: ([0.92, 0.92, 0.92], [0.90, 0.90, 0.90]),
            30.0: ([0.85, 0.85, 0.85], [0.84, 0.84, 0.84]),
        },
        0.0,
        "means against medians (0.93 vs 0.92, medians 0.90 vs 0.92)",
    ),
    ({0.3: ([0.88, 0.87, 0.89], [0.87, 0.86, 0.88])}, 0.3, "a single λ"),
]


def _choose_lambda_hint(got: float, rows: dict) -> str:
    """Return the likely mistake behind choosing ``got``."""
    mean = {lam: _mean(v) for lam, (v, _) in rows.items()}

    def by(pick):
        return max(rows, key=lambda lam: pick(rows[lam][0]))

    if got == max(rows, key=lambda lam: _mean(rows[lam][1])) and mean[got] < max(mean.values()):
        return "it picks the best test accuracy: choose on val_acc only."
    if mean[got] == max(mean.values()):
        return "on a tie in mean val_acc, return the larger λ (the simpler model)."
    if mean[got] == min(mean.values()):
        return "it picks the lowest validation accuracy: take the maximum."
    if got == by(lambda v: v[0]):
        return (
            "it looks at one seed only. results[lam]['val_acc'] is a list with one accuracy "
            "per seed: compare their means."
        )
    if got == by(max):
        return "it trusts the best single seed, which is partly luck: compare the means over seeds."
    if got == by(lambda v: sorted(v)[len(v) // 2]):
        return "it compares medians: use the mean over the seeds."
    return "return the λ whose mean val_acc over the seeds is the highest."


def check_choose_lambda(choose_lambda: Callable[[dict], float]) -> None:
    """Check ``choose_lambda(results)``: best mean val_acc, ties to the larger λ, never test_acc.

    It must return one of the keys of ``results`` itself, a λ (notebook 4 looks it up with
    ``results[best]``), not its entry, its accuracy or a tensor.
    """
    name = "choose_lambda"
    for rows, want, what in CHOOSE_LAMBDA_CASES:
        results = _results(rows)
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
                "Return the key itself, e.g. max(results, key=...), not its entry, its "
                "accuracy or a tensor."
            )
        if got != want:
            val = {lam: rows[lam][0] for lam in rows}
            raise AssertionError(
                f"{name} returned {got} for {what} (val_acc per seed, by λ: {val}), expected "
                f"{want}. Likely cause: {_choose_lambda_hint(got, rows)}"
            )
    _passed(name, len(CHOOSE_LAMBDA_CASES))


# --------------------------------------------------------------------------- beyond_spread


def _mean_of(v: list[float]) -> float:
    return sum(v) / len(v)


def _range(v: list[float]) -> float:
    return max(v) - min(v)


def _std(v: list[float], ddof: int) -> float:
    m = _mean_of(v)
    return (sum((x - m) ** 2 for x in v) / (len(v) - ddof)) ** 0.5


def _median(v: list[float]) -> float:
    return sorted(v)[len(v) // 2]


# Plausible wrong rules, each with the hint that names it; the hint of every rule that gives
# all of the student's answers so far is shown.
_WRONG_RULES: list[tuple[Callable[[list, list], bool], str]] = [
    (
        lambda a, b: abs(_mean_of(a) - _mean_of(b)) > _range(a) + _range(b),
        "compare with the larger of the two spreads, max(spread(a), spread(b)), not their sum.",
    ),
    (
        lambda a, b: abs(_mean_of(a) - _mean_of(b)) > _range(a),
        "use the larger of both spreads, not only the first list's.",
    ),
    (
        lambda a, b: _mean_of(a) - _mean_of(b) > max(_range(a), _range(b)),
        "the difference can go either way: compare its absolute value, abs(mean(a) - mean(b)).",
    ),
    (
        lambda a, b: abs(a[0] - b[0]) > max(_range(a), _range(b)),
        "compare the means over all seeds, not one seed of each.",
    ),
    (
        lambda a, b: abs(_median(a) - _median(b)) > max(_range(a), _range(b)),
        "use the means, not the medians.",
    ),
    (
        lambda a, b: max(a) < min(b) or max(b) < min(a),
        "non-overlapping ranges are another rule: compare the difference of the means with "
        "the larger spread.",
    ),
    (
        lambda a, b: abs(_mean_of(a) - _mean_of(b)) > max(_std(a, 1), _std(b, 1)),
        "the spread is max(values) - min(values), not a standard deviation.",
    ),
    (
        lambda a, b: abs(_mean_of(a) - _mean_of(b)) > max(_std(a, 0), _std(b, 0)),
        "the spread is max(values) - min(values), not a standard deviation.",
    ),
    (
        lambda a, b: abs(_mean_of(a) - _mean_of(b)) >= max(_range(a), _range(b)),
        "a difference equal to the spread is not beyond it: use >, not >=.",
    ),
]

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
    """Check ``beyond_spread(a, b)``: |mean(a) − mean(b)| > max(spread(a), spread(b)).

    ``a`` and ``b`` hold one value of a metric per seed; a spread is ``max - min``. It must
    return a bool (``True``/``False``; a NumPy bool is accepted), leave its lists unchanged,
    and raise ``ValueError`` when a list has fewer than 3 values: one run is no verdict.
    """
    name = "beyond_spread"
    answers: list[tuple[list, list, bool]] = []
    for a, b, want in BEYOND_SPREAD_CASES:
        got = _call(beyond_spread, name, list(a), list(b), case=f"for a={a}, b={b}")
        if not isinstance(got, bool | np.bool_):
            raise AssertionError(
                f"{name}({a}, {b}) must return True or False, got {got!r}. Return the "
                "comparison itself, e.g. abs(...) > max(...)."
            )
        answers.append((a, b, bool(got)))
        if bool(got) != want:
            hints = [
                hint
                for rule, hint in _WRONG_RULES
                if all(rule(x, y) == answer for x, y, answer in answers)
            ]
            raise AssertionError(
                f"{name}(a={a}, b={b}) returned {bool(got)}, expected {want}. "
                + _likely_cause(
                    hints,
                    "compare abs(mean(a) - mean(b)) with max(max(a) - min(a), max(b) - min(b)).",
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
            "no verdict. Raise ValueError (e.g. `if len(a) < 3 or len(b) < 3: raise "
            "ValueError('need at least 3 seeds')`)."
        )
    _passed(name, len(BEYOND_SPREAD_CASES) + len(TOO_FEW))
