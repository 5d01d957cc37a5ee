"""The thread policy: one CPU thread unless the user chose a number."""

import pytest
import torch

from l10_utils import use_threads
from l10_utils.runtime import THREAD_VARIABLES


@pytest.fixture(autouse=True)
def restore_threads():
    before = torch.get_num_threads()
    yield
    torch.set_num_threads(before)


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
