"""l10_utils.verdicts: the one rule for "beyond the seeds' spread" and its one-line verdict.

Verdicts refused (fewer than 3 seeds, NaN, not numbers): tests/test_bad_input.py.
"""

import pytest

from l10_utils import verdicts


def test_spread_is_max_minus_min_and_mean_is_the_average():
    assert verdicts.spread([0.9, 0.7, 0.8]) == pytest.approx(0.2)
    assert verdicts.mean([1.0, 2.0, 6.0]) == 3.0


def test_verdict_compares_the_difference_of_means_with_the_larger_spread():
    up = dict(higher_is_better=True)
    assert verdicts.verdict([0.35, 0.45, 0.55], [0.0, 0.1, 0.2], **up) == "better"  # 0.35 > 0.2
    assert verdicts.verdict([0.0, 0.1, 0.2], [0.35, 0.45, 0.55], **up) == "worse"
    assert verdicts.verdict([0.5, 0.5, 0.5], [0.0, 0.4, 0.8], **up) == "within"  # 0.1 < 0.8
    assert verdicts.verdict([0.25, 0.5, 0.75], [1.0, 1.0, 1.0], **up) == "within"  # equal: within
    assert verdicts.verdict([0.0, 0.1, 0.2], [0.35, 0.45, 0.55], higher_is_better=False) == "better"


def test_compare_says_better_worse_or_within_with_the_means_and_spreads():
    high, low = [0.90, 0.91, 0.92], [0.80, 0.81, 0.82]
    line = verdicts.compare("λ = 30", high, "λ = 0", low, metric="test accuracy",
                         higher_is_better=True)  # fmt: skip
    assert line == (
        "λ = 30 vs λ = 0, test accuracy: 0.910 vs 0.810 (means of 3 seeds; spreads 0.020, "
        "0.020): better, beyond the seeds' spread"
    )
    loss = verdicts.compare(
        "λ = 30", high, "λ = 0", low, metric="test loss", higher_is_better=False
    )
    assert loss.endswith(": worse, beyond the seeds' spread")
    same = verdicts.compare("a", [0.9, 0.8, 0.85], "b", [0.84, 0.86, 0.85], metric="accuracy",
                         higher_is_better=True)  # fmt: skip
    assert same.endswith("within the seeds' spread, these seeds cannot rank them")
