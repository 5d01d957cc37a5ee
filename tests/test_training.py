"""set_seed, get_device, the batch cost, fit and evaluate: behaviour, history and bad input."""

import random

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from l10_utils import History, evaluate, fit, get_device, make_mlp, set_seed
from l10_utils.training import _batch_cost


def sum_of_squared_weights(model):
    return sum((p**2).sum() for name, p in model.named_parameters() if name.endswith("weight"))


def test_set_seed_makes_random_numpy_and_torch_repeatable():
    set_seed(7)
    first = (random.random(), np.random.rand(), torch.rand(1).item())  # noqa: NPY002
    set_seed(7)
    assert (random.random(), np.random.rand(), torch.rand(1).item()) == first  # noqa: NPY002


def test_get_device_is_cuda_only_when_available():
    expected = "cuda" if torch.cuda.is_available() else "cpu"
    assert get_device().type == expected


def test_penalized_cost_adds_lam_over_2n_times_the_penalty():
    set_seed(0)
    model = make_mlp((4, 3, 2))
    xb, yb = torch.randn(5, 4), torch.tensor([0, 1, 0, 1, 1])
    loss = F.cross_entropy(model(xb), yb)
    cost = _batch_cost(model, xb, yb, penalty=sum_of_squared_weights, lam=0.5, n=100)
    expected = loss + 0.5 / (2 * 100) * sum_of_squared_weights(model)
    assert cost.item() == pytest.approx(expected.item(), rel=1e-6)
    assert _batch_cost(model, xb, yb, penalty=sum_of_squared_weights, lam=0.0, n=100).item() == (
        pytest.approx(loss.item())
    )


def test_penalized_cost_rejects_a_penalty_without_gradient():
    model = make_mlp((4, 2))
    xb, yb = torch.randn(3, 4), torch.tensor([0, 1, 0])
    with pytest.raises(ValueError, match=r"without a gradient.*\.item\(\), \.data"):
        _batch_cost(model, xb, yb, penalty=lambda m: sum_of_squared_weights(m).detach(), lam=1.0)
    with pytest.raises(ValueError, match="scalar tensor"):
        _batch_cost(model, xb, yb, penalty=lambda m: sum_of_squared_weights(m).item(), lam=1.0)


def test_fit_records_one_history_entry_per_epoch(tiny_split):
    set_seed(0)
    model = make_mlp((784, 16, 10))
    history = fit(model, tiny_split, tiny_split, epochs=3, batch_size=8, progress=False)
    assert isinstance(history, History) and len(history) == 3
    assert history.epochs == [1, 2, 3]
    for values in (history.train_loss, history.train_acc, history.val_loss, history.val_acc):
        assert len(values) == 3
    assert all(0.0 <= a <= 1.0 for a in history.train_acc + history.val_acc)
    assert list(history.weight_norms) == ["fc1.weight", "fc2.weight"]
    assert all(len(v) == 3 for v in history.weight_norms.values())


def test_fit_history_matches_evaluate_and_weight_norms_after_training(tiny_split):
    set_seed(0)
    model = make_mlp((784, 16, 10))
    history = fit(model, tiny_split, epochs=2, batch_size=8, progress=False)
    loss, acc = evaluate(model, *tiny_split)
    assert history.train_loss[-1] == pytest.approx(loss) and history.train_acc[-1] == pytest.approx(
        acc
    )
    assert history.val_loss == [] and history.val_acc == []
    assert history.weight_norms["fc1.weight"][-1] == pytest.approx(model.fc1.weight.norm().item())


def test_fit_lowers_the_training_loss(tiny_split):
    set_seed(0)
    model = make_mlp((784, 32, 10))
    initial, _ = evaluate(model, *tiny_split)
    history = fit(model, tiny_split, epochs=30, batch_size=8, lr=0.05, progress=False)
    assert history.train_loss[-1] < 0.5 * initial
    assert history.train_acc[-1] == 1.0  # 40 random points are memorised


def test_fit_is_repeatable_with_the_same_seeds(tiny_split):
    runs = []
    for _ in range(2):
        set_seed(3)
        model = make_mlp((784, 16, 10))
        runs.append(
            fit(model, tiny_split, epochs=3, batch_size=8, seed=5, progress=False).train_loss
        )
    assert runs[0] == runs[1]


def test_fit_with_penalty_shrinks_the_weights(tiny_split):
    norms = {}
    for lam in (0.0, 20.0):
        set_seed(0)
        model = make_mlp((784, 16, 10))
        history = fit(
            model,
            tiny_split,
            epochs=20,
            batch_size=8,
            penalty=sum_of_squared_weights,
            lam=lam,
            progress=False,
        )
        norms[lam] = history.weight_norms["fc1.weight"][-1]
    assert norms[20.0] < 0.8 * norms[0.0]


def test_fit_uses_n_training_examples_not_the_batch_size(tiny_split, monkeypatch):
    """One SGD step with only the penalty (lr=1): w <- w - lam/n * w, with n = 40."""
    set_seed(0)
    model = make_mlp((784, 10))
    w0 = model.fc1.weight.detach().clone()
    # a loss of zero isolates the penalty
    monkeypatch.setattr(torch.nn.functional, "cross_entropy", lambda logits, y: 0.0 * logits.sum())
    fit(
        model,
        tiny_split,
        epochs=1,
        batch_size=40,
        lr=1.0,
        penalty=sum_of_squared_weights,
        lam=2.0,
        progress=False,
    )
    assert torch.allclose(model.fc1.weight, w0 * (1 - 2.0 / 40), atol=1e-7)


def test_fit_with_weight_decay_optimizer(tiny_split):
    set_seed(0)
    model = make_mlp((784, 16, 10))
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1, weight_decay=1e-3)
    history = fit(model, tiny_split, epochs=2, batch_size=8, optimizer=optimizer, progress=False)
    assert len(history) == 2


def test_fit_shows_one_progress_bar_and_can_be_silenced(tiny_split, capsys):
    set_seed(0)
    fit(make_mlp((784, 10)), tiny_split, epochs=3, batch_size=8, desc="demo")
    err = capsys.readouterr().err
    assert "demo" in err and "3/3" in err
    assert err.count("\n") <= 1  # one bar redrawn in place, not a line per epoch
    fit(make_mlp((784, 10)), tiny_split, epochs=3, batch_size=8, progress=False)
    assert capsys.readouterr().err == ""


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"lam": 0.1}, "without a penalty function"),
        ({"lam": 0.1, "penalty": lambda m: torch.tensor(1.0)}, "without a gradient"),
    ],
)
def test_fit_rejects_bad_arguments(tiny_split, kwargs, message):
    with pytest.raises(ValueError, match=message):
        fit(make_mlp((784, 10)), tiny_split, progress=False, **kwargs)


@pytest.mark.parametrize(
    ("train", "message"),
    [
        ((torch.zeros(5, 784), torch.zeros(4, dtype=torch.long)), "X has 5 rows but y has shape"),
        ((torch.zeros(5, 100), torch.zeros(5, dtype=torch.long)), "expects 784"),
        ((torch.zeros(0, 784), torch.zeros(0, dtype=torch.long)), r"shape \(N, features\), N > 0"),
        ((torch.zeros(5, 28, 28), torch.zeros(5, dtype=torch.long)), r"shape \(N, features\)"),
        ((np.zeros((5, 784)), np.zeros(5)), "pair of tensors"),
    ],
)
def test_fit_rejects_bad_data(train, message):
    with pytest.raises(ValueError, match=message):
        fit(make_mlp((784, 10)), train, progress=False)


def test_fit_checks_the_validation_split_too(tiny_split):
    with pytest.raises(ValueError, match="val: X has 3 rows"):
        fit(
            make_mlp((784, 10)),
            tiny_split,
            (torch.zeros(3, 784), torch.zeros(2, dtype=torch.long)),
            progress=False,
        )


def test_evaluate_returns_mean_loss_and_accuracy():
    model = make_mlp((2, 2))
    with torch.no_grad():
        model.fc1.weight.copy_(torch.eye(2))
        model.fc1.bias.zero_()
    X = torch.tensor([[1.0, 0.0], [0.0, 1.0], [1.0, 0.0], [0.0, 1.0]])
    y = torch.tensor([0, 1, 1, 1])
    loss, acc = evaluate(model, X, y, batch_size=3)  # batches of 3 + 1
    assert acc == 0.75
    assert loss == pytest.approx(F.cross_entropy(model(X), y).item())
    assert model.training  # evaluate restores the training mode
