"""Checkers for the graded exercises (one module per notebook): ``check_<name>(fn)`` raises
``AssertionError`` with a hint naming the likely mistake, never the answer, or prints one ✓ line;
``hidden=`` takes the grader's own cases (Otter's and nbgrader's hidden tests)."""

from ..language import use_language
from ._engine import checker
from .logistic import GRADIENT, KEPT_FRACTION
from .mnist import CHOOSE_LAMBDA, MEMORIZED
from .optim import DECAY_GROUPS, LITERAL_LAMBDA, NETWORK_CODE
from .penalty import BATCH_COST, L2_PENALTY

check_kept_fraction = checker(KEPT_FRACTION)
check_penalized_logistic_grad = checker(GRADIENT)
check_l2_penalty = checker(L2_PENALTY)
check_penalized_batch_cost = checker(BATCH_COST)
check_network_code_weight_decay = checker(NETWORK_CODE)
check_literal_lambda = checker(LITERAL_LAMBDA)
check_decay_param_groups = checker(DECAY_GROUPS)
check_memorized_fraction = checker(MEMORIZED)
check_choose_lambda = checker(CHOOSE_LAMBDA)

#: Each exercise by its function's name (the tools write and read its stored numbers).
_ALL = (KEPT_FRACTION, GRADIENT, L2_PENALTY, BATCH_COST, NETWORK_CODE, LITERAL_LAMBDA)
EXERCISES = {ex.name: ex for ex in (*_ALL, DECAY_GROUPS, MEMORIZED, CHOOSE_LAMBDA)}
