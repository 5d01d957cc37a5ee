"""Notebook 4: ``memorized_fraction`` (how much of the wrong labels a network learned) and
``choose_lambda`` (λ from validation seeds), against numbers stored from the solution notebook.
The test accuracies a case hands ``choose_lambda`` tell on whoever reads them."""

from __future__ import annotations

from collections.abc import Hashable, Sequence

import torch

from ._engine import Exercise, fail, number


def _relabelled(case: dict) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    n, classes = case["n"], case["classes"]
    g = torch.Generator().manual_seed(case["seed"])
    logits = 2 * torch.randn(n, classes, generator=g, dtype=torch.float64)
    true = torch.arange(n) % classes
    trained = true.clone()
    moved = torch.arange(0, n, case["every"])  # these digits get another label
    trained[moved] = (true[moved] + torch.randint(1, classes, moved.shape, generator=g)) % classes
    learned = moved[::2]  # and on every other one the network learned it
    logits[learned, trained[learned]] += 6.0
    return logits, trained, true


MEMORIZED = Exercise(
    "memorized_fraction",
    "of the digits whose training label was replaced, the share on which the network "
    "answers the replaced label.",
    "a plain Python float (NumPy's float64 is one too).",
    inputs=_relabelled,
    # a share of at most 100 digits, rounded: float32's share of them is as right as float64's
    result=lambda out, args, where: [round(number(out, "memorized_fraction", "0.25")[0], 6)],
    fallback="decide which digits the question is about, and which label counts as the one the "
    "network memorized; then count the network's answers (its largest logit) on those digits.",
)


# --------------------------------------------------------------------------- choose_lambda


class _Sealed(Sequence):
    """Test accuracies that record any use of their values: an index, a loop, len, numpy."""

    def __init__(self, values: list[float], reads: list[bool]) -> None:
        self._values, self._reads = values, reads

    def __getitem__(self, k):  # Sequence's __iter__, __contains__, ... come through here
        self._reads.append(True)
        return self._values[k]

    def __len__(self) -> int:
        self._reads.append(True)
        return len(self._values)

    def __deepcopy__(self, memo):  # a copy tells on its reader too
        return self

    def __repr__(self) -> str:
        return "<test accuracies, one per seed: not for choosing λ>"


def _results(case: dict) -> tuple[dict]:
    reads: list[bool] = []
    results = {
        lam: {"val_acc": list(val), "val_loss": [1 - a for a in val],
              "test_acc": _Sealed(list(test), reads), "test_loss": _Sealed(list(test), reads)}
        for lam, val, test in case["rows"]
    }  # fmt: skip
    return (results,)


def _chosen(out, args: tuple, where: str) -> list[float]:
    results = args[0]
    if any(v._reads for e in results.values() for v in dict.values(e) if isinstance(v, _Sealed)):
        fail("test data", "choose_lambda read the test accuracies or losses: choose λ on "
             "validation data only. The test set chooses nothing: it only reports the chosen λ's "
             "accuracy in the end.")  # fmt: skip
    if not (isinstance(out, Hashable) and out in results):  # a list or a dict is not a key
        fail("type", f"choose_lambda must return one of the λ values (the keys of results), got "
             f"{out!r:.80} {where}. Return the key itself, not its entry, its accuracy or a "
             "tensor.")  # fmt: skip
    return [float(out)]


def _rows(args: tuple, got: list, want: list | None) -> str:
    val = {lam: entry["val_acc"] for lam, entry in args[0].items()}
    return f" (val_acc per seed, by λ: {val})"


CHOOSE_LAMBDA = Exercise(
    "choose_lambda",
    "the λ to use, decided on validation accuracy alone; ``results`` maps each λ "
    'to a dict of per-seed lists (``"val_acc"``, ``"test_acc"``, ...).',
    "one of the keys of ``results`` itself (notebook 4 looks up ``results[best]``); it must "
    'never read ``"test_acc"`` and leave ``results`` unchanged.',
    inputs=_results,
    result=_chosen,
    explain=_rows,
    fallback="reread the goal: which λ is the best, how far below its mean may a λ fall before "
    "the seeds can tell it apart, whose seeds measure that, and which of the close λ to return.",
)
