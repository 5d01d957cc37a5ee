"""Argument checks for the public functions: each error names the argument, its value and the fix.

A wrong type raises ``TypeError``, a value out of range ``ValueError``; NaN and inf are never
accepted where a number is asked for.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import torch
from torch import nn


def _shown(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def require_int(value: object, name: str, *, minimum: int = 0) -> int:
    """Return ``value`` if it is an int >= ``minimum`` (not a bool)."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{name} must be an int, got {_shown(value)} ({type(value).__name__})")
    if value < minimum:
        raise ValueError(f"{name} must be an int >= {minimum}, got {value}")
    return value


def require_number(
    value: object,
    name: str,
    *,
    minimum: float | None = None,
    above: float | None = None,
    below: float | None = None,
) -> float:
    """Return ``value`` as a finite float, >= ``minimum``, > ``above`` and < ``below`` if given."""
    if isinstance(value, torch.Tensor) and value.numel() == 1:
        raise TypeError(f"{name} must be a plain number, got a tensor {_shown(value)}: use .item()")
    if isinstance(value, bool | str | bytes) or not isinstance(value, int | float):
        if isinstance(value, bool | str | bytes):
            raise TypeError(
                f"{name} must be a number, got {_shown(value)} ({type(value).__name__})"
            )
        try:  # NumPy scalars and other real numbers
            value = float(value)  # type: ignore[arg-type]
        except (TypeError, ValueError):
            raise TypeError(
                f"{name} must be a number, got {_shown(value)} ({type(value).__name__})"
            ) from None
    value = float(value)
    if not math.isfinite(value):
        raise ValueError(f"{name} must be a finite number, got {value}")
    if minimum is not None and value < minimum:
        raise ValueError(f"{name} must be >= {minimum:g}, got {value:g}")
    if above is not None and value <= above:
        raise ValueError(f"{name} must be > {above:g}, got {value:g}")
    if below is not None and value >= below:
        raise ValueError(f"{name} must be < {below:g}, got {value:g}")
    return value


def require_module(value: object, name: str = "model") -> nn.Module:
    """Return ``value`` if it is a torch ``nn.Module``."""
    if not isinstance(value, nn.Module):
        raise TypeError(
            f"{name} must be a torch nn.Module (a network such as make_mlp builds), got "
            f"{type(value).__name__}"
        )
    return value


def require_callable(value: object, name: str) -> Callable:
    """Return ``value`` if it can be called."""
    if not callable(value):
        raise TypeError(f"{name} must be a function, got {_shown(value)} ({type(value).__name__})")
    return value


def require_bool(value: object, name: str) -> bool:
    """Return ``value`` if it is True or False."""
    if not isinstance(value, bool):
        raise TypeError(f"{name} must be True or False, got {_shown(value)}")
    return value


def require_dtype(value: object, name: str = "dtype") -> torch.dtype:
    """Return ``value`` if it is a floating-point torch dtype."""
    if not isinstance(value, torch.dtype) or not value.is_floating_point:
        raise TypeError(
            f"{name} must be a floating-point torch dtype such as torch.float32 or "
            f"torch.float64, got {_shown(value)}"
        )
    return value
