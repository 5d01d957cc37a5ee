"""Checkers for the graded exercises, one module per notebook: each takes the student's function.

A checker tries it on fixed and edge cases: it raises ``AssertionError`` with a hint naming
the likely mistake (never the answer), or prints e.g. ``✓ l2_penalty: 5 cases passed``; a
stub stops the notebook at its check cell with ``NotImplementedError`` naming the exercise.
"""

from .logistic import check_kept_fraction, check_penalized_logistic_grad
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
