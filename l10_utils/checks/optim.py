"""Notebook 3: the course's L2 code and the lecture's advice in ``weight_decay``, and parameter
groups. The conversions are checked against the solution notebook's numbers (data/), never by
a formula or a computation that a student could call for the answer."""

from __future__ import annotations

import torch

from ._engine import Exercise, fail, model, number

NETWORK_CODE = Exercise(
    "network_code_weight_decay",
    "SGD's ``weight_decay`` (weight matrices only, a mean loss) that steps like the "
    "course's code, which adds ``2./targets.size(0) * LAMBDA * L2`` on every mini-batch.",
    "a plain Python float (an int such as 0, or NumPy's float64, is one too).",
    inputs=lambda case: (case["LAMBDA"], case["batch_size"]),
    result=lambda out, args, where: number(out, "network_code_weight_decay", "0.25"),
    fallback="write the gradient of the course's per-batch penalty with respect to one weight "
    "w, and compare it with what SGD adds to the gradient: weight_decay * w, as it is.",
    then="Your weight_decay depends on the batch size: dividing the penalty by B, not n, makes "
    "it n/B times stronger, so the same LAMBDA is another λ for each batch size.",
)


# --------------------------------------------------------------------------- the lecture's advice


LITERAL_LAMBDA = Exercise(
    "literal_lambda",
    "the λ of our cost, mean loss + λ/(2n)·Σw², that SGD trains with when "
    "given ``weight_decay=lam_lecture`` as the lecture advises.",
    "a plain Python float (an int such as 0, or NumPy's float64, is one too).",
    inputs=lambda case: (case["lam_lecture"], case["n"]),
    result=lambda out, args, where: number(out, "literal_lambda", "1.5"),
    fallback="start from what weight_decay = wd adds to each weight's gradient and what our "
    "penalty λ/(2n)·Σw² adds; then ask which λ makes the two equal when wd is λ_lecture.",
)


# --------------------------------------------------------------------------- parameter groups


def _groups(out, args: tuple, where: str) -> list[float]:
    net, _ = args
    names = {id(p): name for name, p in net.named_parameters()}
    if not isinstance(out, list) or not all(isinstance(g, dict) for g in out):
        once = " (a generator can be read only once)" if hasattr(out, "__next__") else ""
        fail("type", f"decay_param_groups must return a list of dicts, got "
             f"{type(out).__name__}{once}: one dict per group, each with the keys 'params' "
             "and 'weight_decay'.")  # fmt: skip
    decays: dict[int, float] = {}
    for group in out:
        if not isinstance(group.get("params"), list) or "weight_decay" not in group:
            fail("groups", "every group must be a dict with a 'params' list and an explicit "
                 "'weight_decay' (a number, 0.0 included), so that nothing depends on the "
                 f"optimizer's default; got {sorted(group)} {where}.")  # fmt: skip
        for p in group["params"]:
            if id(p) not in names:
                fail("groups", f"a group holds a tensor that is no parameter of the model {where}.")
            if id(p) in decays:
                fail("groups", f"{names[id(p)]} appears in more than one group (or twice) {where}: "
                     "every parameter must be in exactly one group.")  # fmt: skip
            decays[id(p)] = float(group["weight_decay"])
    for name, p in net.named_parameters():
        if p.requires_grad and id(p) not in decays:
            fail("groups", f"{name} is missing from the groups {where}: the optimizer would never "
                 "update it. Every trainable parameter must be in exactly one group.")  # fmt: skip
    try:
        torch.optim.SGD(out, lr=0.1)
    except (TypeError, ValueError) as err:
        fail("groups", f"torch.optim.SGD does not accept these groups {where}: {err}")
    return [decays[id(p)] for p in net.parameters() if p.requires_grad]


def _which(args: tuple, got: list, want: list | None) -> str:
    trainable = [(n, p) for n, p in args[0].named_parameters() if p.requires_grad]
    for (name, p), g, w in zip(trainable, got, want or got, strict=True):
        if g != w:
            return f": {name} (shape {tuple(p.shape)}) gets weight_decay {g:g}, not {w:g}"
    return ""


DECAY_GROUPS = Exercise(
    "decay_param_groups",
    "every trainable tensor in one group, the weight matrices and kernels decayed, "
    "biases and normalization parameters not.",
    "a list of dicts, each with a ``'params'`` list of the model's tensors and an explicit "
    "``'weight_decay'`` (notebook 3 passes the list to ``torch.optim.SGD``).",
    inputs=lambda case: (model(case), case["wd"]),
    result=_groups,
    explain=_which,
    fallback="print the name and the shape of every parameter of these models: which of them "
    "are weight matrices or convolution kernels, and which are biases, scales and shifts?",
)
