"""Checkers for the graded exercises: each takes the student's function as its argument.

A checker tries the function on several fixed cases and edge cases. When a case fails
it raises ``AssertionError`` with a hint that names the likely mistake; when all pass it
prints one line, e.g. ``✓ l2_penalty: 5 cases passed``. Each checker also states (in its
docstring) and enforces the type of what the function returns, the type the notebook's
later cells rely on. Conventions checked:

- cost (notebook 1): mean binary cross-entropy over the n examples + λ/(2n)·‖w‖², bias
  not penalized; a 0-d tensor, differentiable; its gradient a tuple (grad_w of shape
  (d,), grad_b 0-d), tensors of the inputs' dtype;
- ``l2_penalty(model)`` (notebook 2): Σ over weight matrices of ‖W‖²_F (no ½, no λ, no
  biases), a 0-d tensor that requires grad; ``penalized_batch_cost(logits, targets,
  penalty, lam, n)``: the batch's mean cross-entropy + λ/(2n)·penalty, n the number of
  training examples, a 0-d tensor with gradients;
- ``torch.optim.SGD``'s ``weight_decay`` (notebook 3), a Python float: λ/n for the
  bundle's cost (``weight_decay_for``), 2λ/n for the lecture's cost (1/n)ΣL + (λ/n)Σw²
  (``lecture_to_weight_decay``); parameter groups, a list of dicts, that decay only
  tensors with ndim >= 2;
- ``choose_lambda(results)`` (notebook 4): one of the λ keys, the best mean validation
  accuracy over the seeds (ties: the larger λ), test accuracy never read;
  ``beyond_spread(a, b)``: a bool, |mean(a) − mean(b)| > the larger spread (max − min),
  ``ValueError`` for fewer than 3 seeds.

One module per notebook: ``logistic`` (1), ``penalty`` (2), ``optim`` (3), ``selection``
(4); ``_common`` holds what they share. Import the checkers from here,
``from l10_utils.checks import check_l2_penalty``.
"""

from .logistic import check_penalized_logistic_cost, check_penalized_logistic_grad
from .optim import (
    check_decay_param_groups,
    check_lecture_to_weight_decay,
    check_weight_decay_for,
)
from .penalty import check_l2_penalty, check_penalized_batch_cost
from .selection import check_beyond_spread, check_choose_lambda

__all__ = [
    "check_beyond_spread",
    "check_choose_lambda",
    "check_decay_param_groups",
    "check_l2_penalty",
    "check_lecture_to_weight_decay",
    "check_penalized_batch_cost",
    "check_penalized_logistic_cost",
    "check_penalized_logistic_grad",
    "check_weight_decay_for",
]
