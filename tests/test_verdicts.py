"""l10_utils.verdicts: the one rule for "beyond the seeds' spread", and verdicts that need seeds."""

import math

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


def test_no_function_of_verdicts_is_the_exercise_beyond_spread(capsys):
    # notebook 4's students write beyond_spread(a, b) -> bool; the package must not hand it out
    import inspect

    from l10_utils.checks import check_beyond_spread

    functions = [f for _, f in inspect.getmembers(verdicts, inspect.isfunction)]
    assert {f.__name__ for f in functions} >= {"compare", "mean", "spread", "verdict", "_values"}
    candidates = [*functions, *(lambda a, b, f=f: f(a, b) for f in functions)]
    candidates += [
        lambda a, b: verdicts.verdict(a, b, higher_is_better=True),
        lambda a, b: verdicts.verdict(a, b, higher_is_better=True) != "within",
        lambda a, b: (
            "beyond" in verdicts.compare("a", a, "b", b, metric="m", higher_is_better=True)
        ),
    ]
    for candidate in candidates:
        with pytest.raises((AssertionError, TypeError)):
            check_beyond_spread(candidate)
    assert capsys.readouterr().out == ""


@pytest.mark.parametrize("values", [[0.9], [0.9, 0.8]])
def test_a_verdict_needs_three_seeds(values):
    with pytest.raises(ValueError, match="at least 3 seeds"):
        verdicts.compare("λ = 1", values, "λ = 0", [0.1, 0.2, 0.3], metric="accuracy",
                      higher_is_better=True)  # fmt: skip


@pytest.mark.parametrize(
    "bad, error, message",
    [
        ([0.1, math.nan, 0.2], ValueError, "diverged"),
        ([0.1, math.inf, 0.2], ValueError, "diverged"),
        ("0.1, 0.2, 0.3", TypeError, "one number per seed"),
        ([0.1, "0.2", 0.3], TypeError, "plain numbers"),
        ([True, False, True], TypeError, "plain numbers"),
    ],
)
def test_bad_values_are_named(bad, error, message):
    with pytest.raises(error, match=message):
        verdicts.verdict(bad, [0.1, 0.2, 0.3], higher_is_better=True)


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
