"""One way to check every exercise: run the student's function on the cases, compare what it
returns with the numbers stored from the solution notebook, and name each stored mistake whose
results it repeats (``data/<exercise>.json``: numbers, never formulas or code)."""

from __future__ import annotations

import contextlib
import hashlib
import inspect
import json
import math
from collections import OrderedDict
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, NamedTuple, NoReturn

import torch
from torch import nn

from ..language import tr

DATA = Path(__file__).with_name("data")
_CANARY_SEED = 20_261_201  # a random state no function sets by accident, so a reseed shows


class Exercise(NamedTuple):
    """How one exercise is checked (``run`` says how each part is used)."""

    name: str
    what: str  # what it checks, and
    returns: str  # what the student's function must return: for help()
    inputs: Callable[[dict], tuple]  # a case's arguments
    result: Callable[[Any, tuple, str], list]  # what came back, type-checked, as a list
    fallback: str  # the hint when no stored mistake matches
    guard: Callable[[Callable, tuple, str], Any] | None = None  # calls it, watching how
    explain: Callable[[tuple, list, list | None], str] | None = None  # more on a wrong result
    then: str = ""  # what passing shows


def checker(ex: Exercise) -> Callable[..., None]:
    """The check function of an exercise: ``check_<name>(fn)`` on the public cases, or on the
    grader's own with ``hidden=`` (Otter's and nbgrader's hidden tests; no success line)."""

    def check(fn: Callable, hidden: dict | None = None) -> None:
        run(ex, fn, hidden or stored(ex.name), hidden=bool(hidden))

    check.__name__ = check.__qualname__ = f"check_{ex.name}"
    check.__doc__ = f"Check ``{ex.name}``: {ex.what}\n\nIt must return {ex.returns}"
    return check


def stored(name: str) -> dict:
    """The public cases of exercise ``name`` and their stored numbers (``data/<name>.json``)."""
    return json.loads((DATA / f"{name}.json").read_text())


def mistake_code(key: str) -> str:
    """A short code naming a mistake in grading reports, of ``"<exercise>: <hint>"`` for a
    stored mistake or of a label (``fail``'s); it says nothing of a fix."""
    return hashlib.sha1(key.encode()).hexdigest()[:6]


def fail(label: str, message: str, cause: BaseException | None = None) -> NoReturn:
    """Raise the AssertionError a student reads (from ``cause``), with its mistake's code."""
    raise AssertionError(tr(f"{message} (mistake {mistake_code(label)})")) from cause


def run(ex: Exercise, fn: Callable, data: dict, *, hidden: bool = False) -> None:
    """Check ``fn`` on ``data["cases"]``; raise AssertionError naming the likely mistake."""
    cases, expected, mistakes = data["cases"], data["expected"], data.get("mistakes", [])
    seen: list[list] = []  # the results so far: a mistake must give every one of them
    for k, case in enumerate(cases):
        args, where = ex.inputs(case), _where(case)
        out = ex.guard(fn, args, where) if ex.guard else call(fn, ex.name, args, where)
        seen.append(got := ex.result(out, args, where))
        want = expected[k]
        if close(got, want, case):
            continue
        detail = ex.explain(args, got, want) if ex.explain else ""
        shown = ", ".join(map(_short, got))
        head = f"{ex.name} gave {shown} {where}: not the right result{detail}."
        if hidden:
            fail("hidden", f"{head} These are the grader's own cases, not the check cell's: does "
                 "your function work for any input, not only the cases shown?")  # fmt: skip
        with contextlib.suppress(AssertionError, NotImplementedError):  # the later results
            for later in cases[k + 1 :]:  # too, up to one it fails on: a mistake gives them all
                seen.append(ex.result(call(fn, ex.name, args := ex.inputs(later)), args, ""))
        hints = dict.fromkeys(
            m["hint"] for m in mistakes if all(map(close, seen, m["outputs"], cases))
        )
        if not hints:
            fail("unnamed", f"{head} Hint: {ex.fallback}")
        causes = " Or: ".join(f"{h} (mistake {mistake_code(f'{ex.name}: {h}')})" for h in hints)
        raise AssertionError(tr(f"{head} Likely cause: {causes}"))
    if not hidden:
        print(tr(f"✓ {ex.name}: {len(cases)} cases passed" + (f". {ex.then}" if ex.then else "")))


def close(got: Any, want: Any, case: dict) -> bool:
    """Whether two results agree: numbers within the rounding of the case's dtype (an inf only
    with the same inf: a stored mistake's), else equal."""
    if want is None or got is None or len(got) != len(want):
        return False
    tol = 1e-5 if dtype(case) == torch.float32 else 1e-12
    return all(
        g == w or math.isfinite(g) and abs(g - w) <= tol * max(1.0, abs(w))
        if isinstance(w, float) and isinstance(g, int | float) and not isinstance(g, bool)
        else g == w
        for g, w in zip(got, want, strict=True)
    )


def dtype(case: dict) -> torch.dtype:
    """The case's dtype (float64 unless it says otherwise)."""
    return getattr(torch, case.get("dtype", "float64"))


def _where(case: dict) -> str:
    if "what" in case:
        return f"(for {case['what']})"
    return "(" + ", ".join(f"{key}={_short(value)}" for key, value in case.items()) + ")"


def _short(value: Any) -> str:
    text = f"{value:.6g}" if isinstance(value, float) else repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


# --------------------------------------------------------------------------- calling it


def call(fn: Callable, name: str, args: tuple, where: str = "") -> Any:
    """``fn(*args)``: a stub stops Run All; raising, reseeding, changing an argument or torch's
    default dtype fails (the dtype is restored: the notebook's later cells rely on it)."""
    try:
        params = list(inspect.signature(fn).parameters)
    except (TypeError, ValueError):
        params = []
    params += [f"argument {k + 1}" for k in range(len(params), len(args))]
    before, default = [_state(arg) for arg in args], torch.get_default_dtype()
    try:
        with seeded(_CANARY_SEED):
            rng = torch.get_rng_state()
            out = fn(*args)
            reseeded = not torch.equal(torch.get_rng_state(), rng)
    except NotImplementedError as err:
        tb = err.__traceback__
        while tb is not None and tb.tb_next is not None:
            tb = tb.tb_next
        if tb is not None and tb.tb_frame.f_code is getattr(fn, "__code__", None):  # the stub
            raise NotImplementedError(tr(
                f"exercise {name} is not done yet; the cells below use it, so the notebook stops "
                f"here. Write your code in place of `raise NotImplementedError()` in the cell of "
                f"{name}, then run that cell and this one again."
            )) from None
        fail("raised", f"{name} raised NotImplementedError in the code it calls {where}: {err}. "
             "Its traceback is above: that operation cannot take these inputs.", err)  # fmt: skip
    except Exception as err:
        fail("raised", f"{name} raised {type(err).__name__}: {err} {where}. Its traceback is "
             "above: its last lines in your code point to the cause.", err)  # fmt: skip
    finally:
        changed = torch.get_default_dtype()
        torch.set_default_dtype(default)
    if changed != default:
        fail("state", f"{name} changed torch's default dtype from {default} to {changed}: use the "
             "inputs' dtype instead of torch.set_default_dtype.")  # fmt: skip
    if reseeded:
        fail("state", f"{name} changed torch's global random state (torch.manual_seed or a "
             "random draw): it needs none; later cells rely on their seed.")  # fmt: skip
    for param, arg, was in zip(params, args, before, strict=False):
        if change := _change(was, _state(arg), f"its argument {param}"):
            fail("argument", f"{name} changed {change} {where}: compute without modifying what "
                 "you are given (e.g. sorted(x) instead of x.sort(), x * 2 instead of x *= 2); "
                 "the notebook uses these objects again.")  # fmt: skip
    return out


def _state(value: Any) -> Any:
    """What a function must not change in an argument, as values that compare."""
    if isinstance(value, torch.Tensor):
        return ("tensor", value.detach().clone(), value.requires_grad)
    if isinstance(value, nn.Module):
        return ("module", value.training, _state(dict(value.named_parameters())))
    if isinstance(value, dict):  # dict.items: no __getitem__ of a subclass
        return {k: _state(v) for k, v in dict.items(value)}
    return [_state(v) for v in value] if isinstance(value, list | tuple) else value


def _change(was: Any, now: Any, where: str) -> str:
    """Where two ``_state``s differ, named from ``where`` ("" if nowhere)."""
    if type(was) is not type(now) or isinstance(was, tuple) and was[0] != now[0]:
        return f"{where} (now another type)"
    if not isinstance(was, dict | list | tuple):
        return "" if was is now or was == now else f"{where} (from {was!r} to {now!r})"
    if isinstance(was, dict):
        if was.keys() != now.keys():
            lost, added = set(was) - set(now) or "none", set(now) - set(was) or "none"
            return f"{where} (keys removed: {lost}; added: {added})"
        pairs = [(was[k], now[k], f"{where}[{k!r}]") for k in was]
    elif isinstance(was, list):
        if len(was) != len(now):
            return f"the length of {where}"
        pairs = [(a, b, f"{where}[{i}]") for i, (a, b) in enumerate(zip(was, now, strict=True))]
    elif isinstance(was, tuple) and was[0] == "tensor":
        if was[2] != now[2]:
            return f"the requires_grad of {where}"
        return "" if torch.equal(was[1], now[1]) else f"the values of {where}, in place"
    elif was[1] != now[1]:  # a module
        return f"the train/eval mode of {where}"
    else:
        pairs = [(was[2], now[2], f"{where}'s parameters")]
    return next(filter(None, (_change(*pair) for pair in pairs)), "")


@contextlib.contextmanager
def seeded(seed: int = 0) -> Iterator[None]:
    """Run the block from torch's random state ``seed``; the state outside is kept."""
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(seed)
        yield


# --------------------------------------------------------------------------- what it returned


def describe(value: Any) -> str:
    """A short name for what a function returned: "a tensor of shape (3,) (float64)", ..."""
    if isinstance(value, torch.Tensor):
        return f"a tensor of shape {tuple(value.shape)} ({str(value.dtype).removeprefix('torch.')})"
    kind, module = type(value).__name__, type(value).__module__
    if module == "builtins":
        return f"a Python {kind}" if kind in ("float", "int", "bool") else f"{kind} {value!r:.60}"
    return f"a NumPy {kind}" if module.startswith("numpy") else kind


def tensor_like(got: Any, like: torch.Tensor, what: str, where: str, how: str,
                differentiable: bool = False) -> list[float]:  # fmt: skip
    """``got`` as a list of floats if it is a tensor of ``like``'s shape and dtype (and, if
    ``differentiable``, requires grad); else fail."""
    if not isinstance(got, torch.Tensor) or got.shape != like.shape or got.dtype != like.dtype:
        fail("type", f"{what} must be a tensor of shape {tuple(like.shape)} in "
             f"{str(like.dtype).removeprefix('torch.')}, like its input, got {describe(got)} "
             f"{where}. Build it with {how}: keep the computation in torch (no float(), .item(), "
             "NumPy, torch.tensor([...]), or a 1-element shape where a 0-d tensor belongs), "
             "because the notebook's later cells use it as such a tensor.")  # fmt: skip
    if differentiable and not got.requires_grad:
        fail("type", f"{what} is a tensor without a gradient {where}: it must stay differentiable, "
             "so do not use .data, .detach() or .item() on what it is built from; the training "
             "loop calls .backward() through it.")  # fmt: skip
    return got.detach().reshape(-1).tolist()


def number(got: Any, what: str, example: str) -> list[float]:
    """``got`` as ``[float]`` if it is a plain Python int or float (NumPy's float64 is one)."""
    if isinstance(got, bool) or not isinstance(got, int | float):
        item = ": call .item() on a tensor." if isinstance(got, torch.Tensor) else "."
        fail("type", f"{what} must return a plain Python number, got {describe(got)}. Return "
             f"it, e.g. {example}{item}")  # fmt: skip
    return [float(got)]


def directional(value: torch.Tensor, inputs: list[torch.Tensor]) -> list[float]:
    """The derivative of ``value`` along a fixed direction of each of ``inputs`` (0 where no
    gradient flows): numbers that change when part of the value is detached or counted twice."""
    grads = torch.autograd.grad(value, inputs, allow_unused=True)
    along = [torch.arange(x.numel(), dtype=torch.float64).reshape(x.shape).cos() for x in inputs]
    return [0.0 if g is None else float((g.double() * v).sum()) for g, v in zip(grads, along)]  # noqa: B905


def model(case: dict) -> nn.Module:
    """The case's network (an MLP, with BatchNorm, ``"nested"`` or ``"conv"``), every parameter
    set from its position: the same numbers on every machine."""
    from ..models import make_mlp

    kind = case.get("model", "mlp")
    with seeded():  # layers draw their first weights from torch's random state
        if kind == "nested":
            hidden = nn.Sequential(nn.Linear(3, 5), nn.Tanh(), nn.Linear(5, 4))
            net = nn.Sequential(OrderedDict(hidden=hidden, out=nn.Linear(4, 2, bias=False)))
        elif kind == "conv":
            layers = [nn.Conv1d(2, 4, 3), nn.Flatten(), nn.LayerNorm(24), nn.Linear(24, 3)]
            net = nn.Sequential(*layers, nn.Linear(3, 3).requires_grad_(False))
        else:
            net = make_mlp(case["sizes"], batch_norm=kind == "batch_norm")
    net = net.to(dtype(case))
    with torch.no_grad():
        for k, p in enumerate(net.parameters()):
            p.copy_(0.5 + torch.sin(0.7 * torch.arange(p.numel()) + k).reshape(p.shape))
    return net
