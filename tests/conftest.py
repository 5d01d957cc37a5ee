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


@pytest.fixture(scope="module")
def policy_threads():
    """The notebooks' thread policy (``use_threads``) for a module, the old setting after it.

    Tiny float64 problems run fastest on one thread, and stay fast beside a busy second core.
    """
    from l10_utils import use_threads

    before = torch.get_num_threads()
    use_threads(1)
    yield
    torch.set_num_threads(before)
