"""What every checker shares: calling the student's function, closeness, hints, return types."""

from __future__ import annotations

import contextlib
import inspect
import sys
from collections.abc import Callable, Iterator
from typing import Any

import torch
from torch import nn


def _passed(name: str, n_cases: int, then: str = "") -> None:
    print(f"✓ {name}: {n_cases} cases passed" + (f". {then}" if then else ""))


def _close(a: torch.Tensor, b: torch.Tensor, dtype: torch.dtype, tol: float | None = None) -> bool:
    if tol is None:
        tol = 1e-4 if dtype == torch.float32 else 1e-9
    return bool(torch.allclose(a.to(torch.float64), b.to(torch.float64), rtol=tol, atol=tol))


def _diagnose(got: torch.Tensor, variants: dict[str, torch.Tensor], dtype, fallback: str) -> str:
    """Name each mistake (its hint: the value it gives) whose value is ``got``, else fallback."""
    return " " + _likely_cause([h for h, v in variants.items() if _close(got, v, dtype)], fallback)


def _likely_cause(hints: list[str], fallback: str) -> str:
    """Return "Likely cause: <hint> Or: <hint>" (each hint once), or "Hint: <fallback>"."""
    if hints:
        return "Likely cause: " + " Or: ".join(dict.fromkeys(hints))
    return "Hint: " + fallback


def _call(fn: Callable, name: str, *args, case: str = "", allow: tuple = ()):
    """Call ``fn(*args)``: a stub stops Run All; raising, reseeding, changing an argument or
    torch's default dtype fails (the dtype is restored: the notebook's later cells rely on it)."""
    params = _parameter_names(fn, len(args))
    before = [_snapshot(arg) for arg in args]
    dtype = torch.get_default_dtype()
    try:
        with _seeded(_CANARY_SEED):  # a state no function sets by accident, so a reseed shows
            rng = torch.get_rng_state()
            out = fn(*args)
            reseeded = not torch.equal(torch.get_rng_state(), rng)
    except NotImplementedError:
        raise NotImplementedError(
            f"exercise {name} is not done yet; the cells below use it, so the notebook stops "
            f"here. Write your code in place of `raise NotImplementedError()` in the cell of "
            f"{name}, then run that cell and this one again."
        ) from None
    except allow:
        raise
    except Exception as err:
        raise AssertionError(
            f"{name} raised {type(err).__name__}: {err} {case}. Its traceback is shown above "
            "this message: the last lines in your code point to the cause."
        ) from err
    finally:
        changed = torch.get_default_dtype()
        torch.set_default_dtype(dtype)
    if changed != dtype:
        raise AssertionError(
            f"{name} changed torch's default dtype from {dtype} to {changed}: use the inputs' "
            "dtype instead of torch.set_default_dtype."
        )
    if reseeded:
        raise AssertionError(
            f"{name} changed torch's global random state (torch.manual_seed or a random draw): "
            "it needs no randomness, and the notebook's later cells rely on their seed."
        )
    for param, arg, snapshot in zip(params, args, before, strict=True):
        change = _change(snapshot, arg, f"its argument {param}")
        if change:
            raise AssertionError(
                f"{name} changed {change} {case}: compute without modifying what you are given "
                "(e.g. sorted(x) instead of x.sort(), x * 2 instead of x *= 2); the notebook "
                "uses these objects again."
            )
    return out


_CANARY_SEED = 20_261_201


def _parameter_names(fn: Callable, n: int) -> list[str]:
    try:
        names = list(inspect.signature(fn).parameters)[:n]
    except (TypeError, ValueError):
        names = []
    return names + [f"argument {k + 1}" for k in range(len(names), n)]


def _snapshot(value: object) -> tuple[type, Any]:
    """(type, a copy of what ``_change`` compares): tensors, modules, dicts, lists, values."""
    if isinstance(value, torch.Tensor):
        saved: Any = (value.detach().clone(), value.requires_grad)
    elif isinstance(value, nn.Module):
        saved = (value.training, _snapshot(dict(value.named_parameters())))
    elif isinstance(value, dict):
        saved = {k: _snapshot(v) for k, v in dict.items(value)}  # no __getitem__ of a subclass
    elif isinstance(value, list | tuple):
        saved = [_snapshot(v) for v in value]
    else:
        saved = value
    return type(value), saved


def _change(snapshot: tuple[type, Any], value: Any, where: str) -> str:
    """What changed in ``value`` since its snapshot, named from ``where`` ("" if nothing)."""
    kind, saved = snapshot
    if type(value) is not kind:
        return f"{where} (now a {type(value).__name__})"
    if isinstance(value, torch.Tensor):
        tensor, requires_grad = saved
        if value.requires_grad != requires_grad:
            return f"the requires_grad of {where}"
        return "" if torch.equal(value.detach(), tensor) else f"the values of {where}, in place"
    if isinstance(value, nn.Module):
        training, params = saved
        if value.training != training:
            return f"the train/eval mode of {where}"
        return _change(params, dict(value.named_parameters()), f"{where}'s parameters")
    if isinstance(value, dict):
        now, was = set(dict.keys(value)), set(saved)
        if now != was:
            lost = ", ".join(map(repr, sorted(was - now, key=repr))) or "none"
            added = ", ".join(map(repr, sorted(now - was, key=repr))) or "none"
            return f"{where} (keys removed: {lost}; keys added: {added})"
        pairs = [(s, dict.__getitem__(value, k), f"{where}[{k!r}]") for k, s in saved.items()]
    elif isinstance(value, list | tuple):
        if len(value) != len(saved):
            return f"the length of {where}"
        pairs = [(s, value[i], f"{where}[{i}]") for i, s in enumerate(saved)]
    else:
        return "" if value == saved else f"{where} (from {saved!r} to {value!r})"
    return next(filter(None, (_change(*pair) for pair in pairs)), "")


@contextlib.contextmanager
def _seeded(seed: int = 0) -> Iterator[None]:
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(seed)
        yield


def _reaches(code_objects: set, fn: Callable, *args) -> bool:
    """Whether ``fn(*args)`` calls one of ``code_objects`` (whether it raises does not matter)."""
    seen = []

    def watch(frame, event, arg):
        if event == "call" and frame.f_code in code_objects:
            seen.append(frame.f_code)

    previous, dtype = sys.getprofile(), torch.get_default_dtype()
    sys.setprofile(watch)
    try:
        with _seeded(_CANARY_SEED):
            fn(*args)
    except Exception:
        pass
    finally:
        sys.setprofile(previous)
        torch.set_default_dtype(dtype)  # so that _call still sees a change the function makes
    return bool(seen)


def _notebook_numbers(fn: Callable, names: tuple[str, ...]) -> dict[str, float]:
    """The notebook's positive numbers called ``names``, as the student's ``fn`` sees them."""
    got = {k: getattr(fn, "__globals__", {}).get(k) for k in names}
    return {k: v for k, v in got.items() if isinstance(v, int | float) and v is not True and v > 0}


# --------------------------------------------------------------------------- return types


def _type_name(value) -> str:
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
    got, what: str, subject: str, where: str, example: str, many: str, dtype=None
) -> None:
    """Fail unless ``got`` is a 0-d tensor (of ``dtype``); ``many``: the fix for several numbers."""
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


def _require_dtype(got: torch.Tensor, what: str, where: str, example: str, dtype) -> None:
    if got.dtype != dtype:
        raise AssertionError(
            f"{what} is {_dtype(got.dtype)} but the inputs are {_dtype(dtype)} {where}: "
            "compute in the inputs' dtype (no torch.tensor(...) without a dtype, no .float() or "
            f".double()), e.g. {example}."
        )


def _dtype(dtype: torch.dtype) -> str:
    return str(dtype).replace("torch.", "")


def _require_number(got, call: str, example: str) -> float:
    """``got`` as a float if it is a Python int or float (NumPy's float64 is one); else fail."""
    if isinstance(got, bool) or not isinstance(got, int | float):
        tensor = isinstance(got, torch.Tensor)
        raise AssertionError(
            f"{call} must return a plain Python float (an int such as 0 is fine too), got "
            f"{_type_name(got)}. Return the number itself, e.g. {example}: torch.optim.SGD "
            "takes weight_decay as a float."
            + (" If you computed it with tensors, call .item() on the result." if tensor else "")
        )
    return float(got)
