"""Checkers for the graded exercises: each takes the student's function as its argument.

A checker tries the function on several fixed cases and edge cases. When a case fails
it raises ``AssertionError`` with a hint that names the likely mistake; when all pass it
prints one line, e.g. ``✓ l2_penalty: 5 cases passed``. Each checker also states (in its
docstring) and enforces the type of what the function returns, the type the notebook's
later cells rely on. What each exercise asks is in its notebook; the answers are not
written here (nor in any checker's message): the reference values are computed inside each
checker, and no function of this package passes a check (tests/test_no_answer_to_import.py).
A stub stops the notebook at its check cell: ``NotImplementedError`` naming the exercise.

One module per notebook: ``logistic`` (1), ``penalty`` (2), ``optim`` (3), ``selection``
(4); ``_common`` holds what they share. Import the checkers from here,
``from l10_utils.checks import check_l2_penalty``.
"""

from .logistic import (
    check_kept_fraction,
    check_penalized_logistic_grad,
)
from .optim import (
    check_decay_param_groups,
    check_lecture_to_weight_decay,
    check_network_code_weight_decay,
)
from .penalty import check_l2_penalty, check_penalized_batch_cost
from .selection import check_beyond_spread, check_choose_lambda

__all__ = [
    "check_beyond_spread",
    "check_choose_lambda",
    "check_decay_param_groups",
    "check_kept_fraction",
    "check_l2_penalty",
    "check_lecture_to_weight_decay",
    "check_penalized_batch_cost",
    "check_network_code_weight_decay",
    "check_penalized_logistic_grad",
]
