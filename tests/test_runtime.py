"""set_seed, get_device, and the thread policy: one CPU thread unless the user chose a number."""

import random

import numpy as np
import pytest
import torch

from l10_utils import get_device, set_seed, use_threads
from l10_utils.runtime import THREAD_VARIABLES


@pytest.fixture(autouse=True)
def restore_threads():
    before = torch.get_num_threads()
    yield
    torch.set_num_threads(before)


def _draws():
    return random.random(), np.random.rand(), torch.rand(1).item()  # noqa: NPY002


def test_set_seed_makes_random_numpy_and_torch_repeatable():
    set_seed(7)
    first = _draws()
    set_seed(7)
    assert _draws() == first


def test_set_seed_seeds_each_generator_with_its_seed():
    set_seed(7)
    seven = _draws()
    set_seed(8)
    eight = _draws()
    assert all(a != b for a, b in zip(seven, eight, strict=True))  # random, NumPy and torch


@pytest.mark.parametrize("available, device", [(True, "cuda"), (False, "cpu")])
def test_get_device_is_cuda_exactly_when_a_gpu_is_available(monkeypatch, available, device):
    monkeypatch.setattr(torch.cuda, "is_available", lambda: available)
    assert get_device() == torch.device(device)


@pytest.fixture
def no_thread_variables(monkeypatch):
    for name in THREAD_VARIABLES:
        monkeypatch.delenv(name, raising=False)


def test_the_policy_is_one_thread(no_thread_variables):
    torch.set_num_threads(2)
    assert use_threads() == 1 == torch.get_num_threads()


@pytest.mark.parametrize("variable", THREAD_VARIABLES)
def test_a_thread_variable_in_the_environment_wins(no_thread_variables, monkeypatch, variable):
    torch.set_num_threads(2)
    monkeypatch.setenv(variable, "2")
    assert use_threads() == 2 == torch.get_num_threads()


def test_an_explicit_count_wins(no_thread_variables):
    assert use_threads(2) == 2 == torch.get_num_threads()
