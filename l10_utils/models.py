"""The multilayer perceptron used across the notebooks, and its weight norms."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Sequence

import torch
from torch import nn


def make_mlp(
    sizes: Sequence[int],
    *,
    activation: type[nn.Module] = nn.ReLU,
    batch_norm: bool = False,
    dtype: torch.dtype = torch.float32,
) -> nn.Sequential:
    """Return an MLP ``sizes[0] -> ... -> sizes[-1]``: layers ``fc1, (bn1,) act1, ...``, logits.

    Weights are drawn in ``dtype`` (float32 draws differ in their last bit between CPUs).
    """
    layers: OrderedDict[str, nn.Module] = OrderedDict()
    for i, (n_in, n_out) in enumerate(zip(sizes[:-1], sizes[1:], strict=True), start=1):
        layers[f"fc{i}"] = nn.Linear(n_in, n_out, dtype=dtype)
        if i < len(sizes) - 1:
            if batch_norm:
                layers[f"bn{i}"] = nn.BatchNorm1d(n_out, dtype=dtype)
            layers[f"act{i}"] = activation()
    return nn.Sequential(layers)


def weight_norms(model: nn.Module) -> dict[str, float]:
    """Return the Frobenius norm ``||W||_F`` of every ``nn.Linear`` layer's weight matrix, by
    the weight's name (``"fc1.weight"``)."""
    return {
        f"{name}.weight": torch.linalg.matrix_norm(module.weight.detach()).item()
        for name, module in model.named_modules()
        if isinstance(module, nn.Linear)
    }
