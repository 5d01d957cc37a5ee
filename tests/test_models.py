"""make_mlp and weight_norms."""

import math

import pytest
import torch
from torch import nn

from l10_utils import make_mlp, weight_norms


def test_make_mlp_names_layers_fc_act_and_outputs_logits():
    model = make_mlp((784, 32, 16, 10))
    assert [name for name, _ in model.named_children()] == ["fc1", "act1", "fc2", "act2", "fc3"]
    assert model(torch.zeros(5, 784)).shape == (5, 10)


def test_make_mlp_with_batch_norm_adds_bn_layers_before_activations():
    model = make_mlp((2, 8, 3), batch_norm=True, activation=nn.Tanh)
    assert [type(m).__name__ for m in model] == ["Linear", "BatchNorm1d", "Tanh", "Linear"]
    assert "bn1.weight" in dict(model.named_parameters())


def test_make_mlp_draws_the_initial_weights_in_the_given_dtype():
    torch.manual_seed(0)
    model = make_mlp((4, 3, 2), batch_norm=True, dtype=torch.float64)
    assert {p.dtype for p in model.parameters()} == {torch.float64}
    torch.manual_seed(0)
    converted = make_mlp((4, 3, 2), batch_norm=True).double()
    # float64 draws, not float32 draws converted: the weights carry more than 24 bits
    assert not torch.equal(model.fc1.weight, converted.fc1.weight)
    assert not torch.equal(model.fc1.weight, model.fc1.weight.float().double())


def test_weight_norms_are_frobenius_norms_of_weight_matrices_only():
    model = make_mlp((3, 2, 1), batch_norm=True)
    with torch.no_grad():
        model.fc1.weight.fill_(1.0)  # 2x3 ones -> sqrt(6)
        model.fc2.weight.copy_(torch.tensor([[3.0, 4.0]]))  # -> 5
    norms = weight_norms(model)
    assert list(norms) == ["fc1.weight", "fc2.weight"]  # no biases, no norm-layer scales
    assert norms["fc1.weight"] == pytest.approx(math.sqrt(6))
    assert norms["fc2.weight"] == pytest.approx(5.0)
