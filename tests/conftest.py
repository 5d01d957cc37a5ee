"""Shared test set-up: a headless matplotlib backend and small fixtures."""

import matplotlib
import pytest
import torch

matplotlib.use("Agg")


@pytest.fixture
def tiny_split() -> tuple[torch.Tensor, torch.Tensor]:
    """40 examples of 784 features with labels 0-9 (4 per class), fixed by a seed."""
    g = torch.Generator().manual_seed(123)
    X = torch.rand(40, 784, generator=g)
    y = torch.arange(40) % 10
    return X, y
