"""Notebook 4: ``choose_lambda(results)``, λ chosen on validation data only.

The best mean validation accuracy over the seeds wins, ties go to the larger λ, and the
test accuracy is never looked at.
"""

from __future__ import annotations

from collections.abc import Callable

from ._common import _call, _passed


class _NoPeekDict(dict):
    """A results entry that records whether anybody read its 'test_acc'."""

    peeked = False

    def __getitem__(self, key):
        if key == "test_acc":
            type(self).peeked = True
        return super().__getitem__(key)

    def get(self, key, default=None):
        if key == "test_acc":
            type(self).peeked = True
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
        _NoPeekDict.peeked = False
        results = _results(rows)
        got = _call(choose_lambda, name, results)
        if _NoPeekDict.peeked:
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
