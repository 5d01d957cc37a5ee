"""The data check where a split enters the package (docs/package.md: what is checked, why)."""

from __future__ import annotations

import torch

Split = tuple[torch.Tensor, torch.Tensor]


def check_split(
    split: object, name: str, n_features: int | None = None, n_classes: int | None = None
) -> Split:
    """Return ``split`` as ``(X, y)``: ``X`` finite floats of shape ``(N, n_features)``, N > 0,
    ``y`` N int64 class indices below ``n_classes``; or raise ``ValueError`` saying what to fix.
    """
    pair = isinstance(split, tuple | list) and len(split) == 2
    if not (pair and all(isinstance(t, torch.Tensor) for t in split)):
        got = ", ".join(type(t).__name__ for t in (split if pair else [split]))
        raise ValueError(f"{name} must be a pair of tensors (X, y), got {got}")
    X, y = split
    if X.ndim != 2 or len(X) == 0:
        raise ValueError(f"{name}: X must have shape (N, features), N > 0; got {tuple(X.shape)}")
    if y.ndim != 1 or len(y) != len(X):
        raise ValueError(
            f"{name}: X has {len(X)} rows but y has shape {tuple(y.shape)}; they must match"
        )
    if n_features is not None and X.shape[1] != n_features:
        raise ValueError(
            f"{name}: X has {X.shape[1]} features but the model's first layer expects {n_features}"
        )
    if not X.is_floating_point():
        raise ValueError(
            f"{name}: X must hold floating-point numbers, got {X.dtype}: use X.float()"
        )
    # a finite sum means every entry is finite (one pass, no mask); else look closer
    if not torch.isfinite(X.sum()) and (bad := ~torch.isfinite(X)).any():
        row = int(bad.any(1).nonzero()[0])
        raise ValueError(
            f"{name}: X holds {int(bad.sum())} value(s) that are NaN or inf (the first in row "
            f"{row}); training on them gives NaN. Find them with (~torch.isfinite(X)).any(1) and "
            "remove or fix those rows."
        )
    if y.dtype != torch.int64:
        raise ValueError(
            f"{name}: y must hold int64 class indices (0, 1, 2, ...), got {y.dtype}: use y.long()"
        )
    if y.min() < 0 or (n_classes is not None and y.max() >= n_classes):
        top = f"{n_classes - 1}" if n_classes is not None else "the number of classes - 1"
        raise ValueError(
            f"{name}: y must hold class indices from 0 to {top}, got values from "
            f"{int(y.min())} to {int(y.max())}"
        )
    return X, y
