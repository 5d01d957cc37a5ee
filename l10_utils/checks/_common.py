"""What every checker shares: the success line, closeness, hints, the stub and return types."""

from __future__ import annotations

import contextlib
import inspect
from collections.abc import Callable, Iterator

import torch
from torch import nn


def _passed(name: str, n_cases: int) -> None:
    print(f"✓ {name}: {n_cases} cases passed")


def _close(a: torch.Tensor, b: torch.Tensor, dtype: torch.dtype, tol: float | None = None) -> bool:
    """Whether ``a`` equals ``b`` up to ``tol`` (relative or absolute; default: by ``dtype``)."""
    if tol is None:
        tol = 1e-4 if dtype == torch.float32 else 1e-9
    return bool(torch.allclose(a.to(torch.float64), b.to(torch.float64), rtol=tol, atol=tol))


def _diagnose(
    got: torch.Tensor,
    variants: list[tuple[torch.Tensor, str]],
    dtype: torch.dtype,
    fallback: str,
    tol: float | None = None,
) -> str:
    """Return " Likely cause: <hint>" naming every known mistake whose value equals ``got``.

    Two mistakes can give the same number in one case (for d = 2, mean(w ** 2) is half of
    sum(w ** 2), like a stray 1/2): then the hint names both.
    """
    return " " + _likely_cause(
        [hint for value, hint in variants if _close(got, value, dtype, tol)], fallback
    )


def _likely_cause(hints: list[str], fallback: str) -> str:
    """Return "Likely cause: <hint> Or: <hint>" for the matching mistakes, else "Hint: <fallback>".

    ``hints`` are the hints of every known mistake that gives the student's value (a hint
    met twice is named once); with none, the general ``fallback`` hint.
    """
    if hints:
        return "Likely cause: " + " Or: ".join(dict.fromkeys(hints))
    return "Hint: " + fallback


def _call(fn: Callable, name: str, *args, case: str = "", allow: tuple = ()):
    """Call the student's ``fn(*args)``; fail with a hint if it raises or damages its inputs.

    A stub's ``NotImplementedError`` stops the notebook with ``stub_message``; any other
    exception (except those in ``allow``) fails the check naming ``case``, with the student's
    traceback chained below. The function must leave its arguments, torch's default dtype and
    its global random state as they were: the notebook's later cells rely on them.
    """
    params = _parameter_names(fn, len(args))
    before = [_snapshot(arg) for arg in args]
    dtype = torch.get_default_dtype()
    try:
        # a random state the function cannot set by accident, so that a reseed shows
        with torch.random.fork_rng(devices=[]):
            torch.manual_seed(_CANARY_SEED)
            rng = torch.get_rng_state()
            out = fn(*args)
            reseeded = not torch.equal(torch.get_rng_state(), rng)
    except NotImplementedError:
        raise NotImplementedError(stub_message(name)) from None
    except allow:
        raise
    except Exception as err:
        raise AssertionError(
            f"{name} raised {type(err).__name__}: {err} {case}. Its traceback is shown above "
            "this message: the last lines in your code point to the cause."
        ) from err
    finally:
        changed_dtype = torch.get_default_dtype()
        torch.set_default_dtype(dtype)  # leave the notebook as it was, whatever happened
    if changed_dtype != dtype:
        raise AssertionError(
            f"{name} changed torch's default dtype from {dtype} to {changed_dtype}: use the "
            "inputs' dtype instead of torch.set_default_dtype."
        )
    if reseeded:
        raise AssertionError(
            f"{name} changed torch's global random state (torch.manual_seed or a random draw): "
            "it needs no randomness, and the notebook's later cells rely on their seed."
        )
    for param, arg, snapshot in zip(params, args, before, strict=True):
        change = _change(snapshot, arg, param)
        if change:
            raise AssertionError(
                f"{name} changed its argument {change} {case}: compute without modifying what "
                "you are given (e.g. sorted(x) instead of x.sort(), x * 2 instead of x *= 2); the "
                "notebook uses these objects again."
            )
    return out


_CANARY_SEED = 20_261_201


def stub_message(name: str) -> str:
    """What a check cell says when its exercise is still the stub: Run All stops there."""
    return (
        f"exercise {name} is not done yet; the cells below use it, so the notebook stops here. "
        f"Write your code in place of `raise NotImplementedError()` in the cell of {name}, "
        "then run that cell and this one again."
    )


def _parameter_names(fn: Callable, n: int) -> list[str]:
    """The names of ``fn``'s first ``n`` parameters (``argument 1``, ... when unknown)."""
    try:
        names = list(inspect.signature(fn).parameters)[:n]
    except (TypeError, ValueError):
        names = []
    return names + [f"argument {k + 1}" for k in range(len(names), n)]


def _snapshot(value: object) -> object:
    """A copy of what ``_change`` compares: tensors, modules, dicts and lists, recursively."""
    if isinstance(value, torch.Tensor):
        return ("tensor", value.detach().clone(), value.requires_grad)
    if isinstance(value, nn.Module):
        params = {k: (p.detach().clone(), p.requires_grad) for k, p in value.named_parameters()}
        return ("module", params, value.training)
    if isinstance(value, dict):
        return ("dict", {k: _snapshot(v) for k, v in dict.items(value)})
    if isinstance(value, list | tuple):
        return ("list", [_snapshot(v) for v in value])
    return ("value", value)


def _change(snapshot: object, value: object, where: str) -> str:
    """Return what changed in ``value`` since its snapshot (``""`` if nothing did)."""
    kind, *saved = snapshot  # type: ignore[misc]
    if kind == "tensor":
        tensor, requires_grad = saved
        if value.requires_grad != requires_grad:
            return f"{where} (its requires_grad)"
        return "" if torch.equal(value.detach(), tensor) else f"{where} (its values, in place)"
    if kind == "module":
        params, training = saved
        now = dict(value.named_parameters())
        for pname, (tensor, requires_grad) in params.items():
            if pname not in now:
                return f"{where} (the parameter {pname} is gone)"
            if now[pname].requires_grad != requires_grad:
                return f"{where} (requires_grad of {pname})"
            if not torch.equal(now[pname].detach(), tensor):
                return f"{where} (the values of {pname})"
        return f"{where} (its train/eval mode)" if value.training != training else ""
    if kind == "dict":
        (entries,) = saved
        now = dict.keys(value)
        if set(now) != set(entries):
            lost = ", ".join(map(repr, sorted(set(entries) - set(now), key=repr))) or "none"
            added = ", ".join(map(repr, sorted(set(now) - set(entries), key=repr))) or "none"
            return f"{where} (keys removed: {lost}; keys added: {added})"
        for key, entry in entries.items():
            change = _change(entry, dict.__getitem__(value, key), f"{where}[{key!r}]")
            if change:
                return change
        return ""
    if kind == "list":
        (items,) = saved
        if len(value) != len(items):
            return f"{where} (its length)"
        for i, (item, now) in enumerate(zip(items, value, strict=True)):
            change = _change(item, now, f"{where}[{i}]")
            if change:
                return change
        return ""
    (old,) = saved
    try:
        return "" if value == old else f"{where} (from {old!r} to {value!r})"
    except Exception:  # values that cannot be compared are not checked
        return ""


@contextlib.contextmanager
def _seeded(seed: int = 0) -> Iterator[None]:
    """Seed torch inside the block only: a checker must not change the notebook's RNG state."""
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(seed)
        yield


# --------------------------------------------------------------------------- return types


def _type_name(value) -> str:
    """Return how a student would call the type of ``value``: 'a Python float', 'a list'..."""
    if isinstance(value, torch.Tensor):
        return f"a tensor of shape {tuple(value.shape)}"
    module = type(value).__module__
    if module == "builtins":
        kind = {"float": "a Python float", "int": "a Python int", "bool": "a bool"}
        return kind.get(type(value).__name__, f"{type(value).__name__} {value!r:.60}")
    if module.startswith("numpy"):
        return f"a NumPy {type(value).__name__}"
    return type(value).__name__


def _require_scalar_tensor(
    got,
    what: str,
    subject: str,
    where: str,
    example: str,
    many: str = "",
    dtype: torch.dtype | None = None,
) -> torch.Tensor:
    """Return ``got`` if it is a 0-d tensor (of ``dtype``, when given); else raise with a fix.

    ``what`` names the value ("grad_b"), ``subject`` starts the message ("grad_b must be"),
    ``example`` is an expression of the right type ("t.sum()"), ``many`` the hint
    for a tensor of several numbers (which reduction is missing).
    """
    if not isinstance(got, torch.Tensor):
        raise AssertionError(
            f"{subject} a tensor (0-d, one number), got {_type_name(got)} {where}. Return "
            f"{what} as a 0-d tensor, e.g. {example}, not {_type_name(got)}: keep the "
            "computation in torch (no .item(), float() or numpy), because the notebook's later "
            "cells use it as a tensor."
        )
    if got.numel() != 1:
        raise AssertionError(
            f"{subject} one number (a 0-d tensor), got shape {tuple(got.shape)} {where}. {many}"
        )
    if got.ndim != 0:
        raise AssertionError(
            f"{subject} a 0-d tensor (shape ()), got shape {tuple(got.shape)} {where}. Return "
            f"{what} as a 0-d tensor, e.g. {example}: start a sum from 0.0, not from "
            "torch.zeros(1), and reduce without keepdim=True (or end with .reshape(()))."
        )
    if dtype is not None:
        _require_dtype(got, what, where, example, dtype)
    return got


def _require_dtype(got: torch.Tensor, what: str, where: str, example: str, dtype) -> None:
    """Raise unless the tensor ``got`` has the inputs' ``dtype``."""
    if got.dtype != dtype:
        raise AssertionError(
            f"{what} is {_dtype(got.dtype)} but the inputs are {_dtype(dtype)} {where}: "
            "compute in the inputs' dtype (no torch.tensor(...) without a dtype, no .float() or "
            f".double()), e.g. {example}."
        )


def _dtype(dtype: torch.dtype) -> str:
    return str(dtype).replace("torch.", "")


def _require_number(got, call: str, example: str) -> float:
    """Return ``got`` as a float if it is a Python number (int or float); else raise with a fix.

    A NumPy float64 is a Python float and passes; a tensor, a NumPy float32, a bool or a
    string does not: ``torch.optim`` documents ``weight_decay`` as a float.
    """
    if isinstance(got, bool) or not isinstance(got, int | float):
        tensor_fix = (
            " If you computed it with tensors, call .item() on the result."
            if isinstance(got, torch.Tensor)
            else ""
        )
        raise AssertionError(
            f"{call} must return a plain Python float (an int such as 0 is fine too), got "
            f"{_type_name(got)}. Return the number itself, e.g. {example}: torch.optim.SGD "
            f"takes weight_decay as a float.{tensor_fix}"
        )
    return float(got)
