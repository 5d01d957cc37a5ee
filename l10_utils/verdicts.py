"""Verdicts over seeds: does a difference between two settings exceed the seeds' spread?

A rule of thumb, not a significance test; every function refuses fewer than :data:`MIN_SEEDS`
values per setting (one run is a demonstration, never a verdict).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

MIN_SEEDS = 3

__all__ = ["MIN_SEEDS", "compare", "mean", "spread", "verdict"]


def _values(values: Sequence[float], name: str) -> list[float]:
    """Return ``values`` as a list of finite floats, at least MIN_SEEDS of them; else raise."""
    if isinstance(values, str) or not isinstance(values, Sequence):
        raise TypeError(
            f"{name} must be a list with one number per seed, got {type(values).__name__}"
        )
    out = []
    for v in values:
        if isinstance(v, bool) or not isinstance(v, int | float):
            raise TypeError(f"{name} must hold plain numbers (one per seed), got {v!r}")
        if not math.isfinite(v):
            raise ValueError(f"{name} holds {v}: a diverged run has no verdict; fix the run first")
        out.append(float(v))
    if len(out) < MIN_SEEDS:
        raise ValueError(
            f"{name} has {len(out)} value(s); a verdict needs at least {MIN_SEEDS} seeds per "
            "setting (one run is a demonstration, not a comparison)"
        )
    return out


def mean(values: Sequence[float]) -> float:
    """Return the mean of the per-seed values (at least MIN_SEEDS finite numbers)."""
    values = _values(values, "values")
    return sum(values) / len(values)


def spread(values: Sequence[float]) -> float:
    """Return the seeds' spread of a setting: ``max - min`` of its per-seed values."""
    values = _values(values, "values")
    return max(values) - min(values)


def verdict(values: Sequence[float], baseline: Sequence[float], *, higher_is_better: bool) -> str:
    """Return ``"better"``, ``"worse"`` or ``"within"`` (the difference of the means is no
    larger than the larger spread): ``values`` against ``baseline``."""
    values, baseline = _values(values, "values"), _values(baseline, "baseline")
    gap = mean(values) - mean(baseline)
    if abs(gap) <= max(spread(values), spread(baseline)):
        return "within"
    return "better" if (gap > 0) == higher_is_better else "worse"


def compare(
    label: str,
    values: Sequence[float],
    baseline_label: str,
    baseline: Sequence[float],
    *,
    metric: str,
    higher_is_better: bool,
) -> str:
    """Return a one-line verdict, e.g. "λ = 30 vs λ = 0, test accuracy: 0.893 vs 0.766 (means
    of 3 seeds; spreads 0.027, 0.059): better, beyond the seeds' spread"."""
    values, baseline = _values(values, label), _values(baseline, baseline_label)
    m, m0 = mean(values), mean(baseline)
    counts = f"{len(values)}" + ("" if len(values) == len(baseline) else f" and {len(baseline)}")
    head = (
        f"{label} vs {baseline_label}, {metric}: {m:.3f} vs {m0:.3f} (means of {counts} seeds; "
        f"spreads {spread(values):.3f}, {spread(baseline):.3f})"
    )
    word = verdict(values, baseline, higher_is_better=higher_is_better)
    if word == "within":
        return f"{head}: within the seeds' spread, these seeds cannot rank them"
    return f"{head}: {word}, beyond the seeds' spread"
