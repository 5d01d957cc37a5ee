"""The batch cost, fit and evaluate: the cost, the history, the optimizer, divergence.

Bad arguments and data are tests/test_bad_input.py's.
"""

import pytest
import torch
import torch.nn.functional as F

from l10_utils import History, evaluate, fit, make_mlp, set_seed
from l10_utils.training import DivergedError, _batch_cost


def sum_of_squared_weights(model):
    return sum((p**2).sum() for name, p in model.named_parameters() if name.endswith("weight"))


@pytest.fixture
def zero_loss(monkeypatch):
    """A data loss of zero (with its graph): only a penalty or a decay moves the weights."""
    monkeypatch.setattr(torch.nn.functional, "cross_entropy", lambda logits, y: 0.0 * logits.sum())


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


def test_fit_shuffles_with_its_seed_the_same_way_every_time(tiny_split):
    def train_loss(seed):
        set_seed(3)  # the same initial weights for every run
        model = make_mlp((784, 16, 10))
        return fit(model, tiny_split, epochs=3, batch_size=8, seed=seed, progress=False).train_loss

    assert train_loss(5) == train_loss(5)
    assert train_loss(5) != train_loss(6)  # another seed, other mini-batches


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


def test_fit_uses_n_training_examples_not_the_batch_size(tiny_split, zero_loss):
    """Only the penalty (lr=1): each of the 4 batches of 10 takes w <- w - lam/n * w, n = 40."""
    set_seed(0)
    model = make_mlp((784, 10))
    w0 = model.fc1.weight.detach().clone()
    fit(model, tiny_split, epochs=1, batch_size=10, lr=1.0, penalty=sum_of_squared_weights,
        lam=2.0, progress=False)  # fmt: skip
    assert torch.allclose(model.fc1.weight, w0 * (1 - 2.0 / 40) ** 4, rtol=0, atol=1e-7)


def test_fit_steps_the_optimizer_it_is_given(tiny_split, zero_loss):
    """Only the given optimizer's weight_decay moves the weights: 4 steps of w <- w - lr*wd*w."""
    set_seed(0)
    model = make_mlp((784, 10))
    w0 = model.fc1.weight.detach().clone()
    optimizer = torch.optim.SGD(model.parameters(), lr=0.5, weight_decay=0.1)
    fit(model, tiny_split, epochs=1, batch_size=10, optimizer=optimizer, progress=False)
    assert torch.allclose(model.fc1.weight, w0 * (1 - 0.5 * 0.1) ** 4, rtol=0, atol=1e-7)


def test_fit_shows_one_progress_bar_and_can_be_silenced(tiny_split, capsys):
    set_seed(0)
    fit(make_mlp((784, 10)), tiny_split, epochs=3, batch_size=8, desc="demo")
    err = capsys.readouterr().err
    assert "demo" in err and "3/3" in err
    assert err.count("\n") <= 1  # one bar redrawn in place, not a line per epoch
    fit(make_mlp((784, 10)), tiny_split, epochs=3, batch_size=8, progress=False)
    assert capsys.readouterr().err == ""


def test_fit_checks_the_data_once_not_every_epoch(tiny_split, monkeypatch):
    from l10_utils import training

    calls = []
    monkeypatch.setattr(training, "check_split", lambda *a: calls.append(a[1]) or a[0])
    fit(make_mlp((784, 8, 10)), tiny_split, tiny_split, epochs=3, progress=False)
    assert calls == ["train", "val"]


def test_fit_with_a_huge_learning_rate_stops_with_the_epoch_the_rate_and_what_to_try(tiny_split):
    set_seed(0)
    model = make_mlp((784, 8, 10))
    opt = torch.optim.SGD(model.parameters(), lr=1e30)
    with pytest.raises(DivergedError) as err:
        fit(model, tiny_split, tiny_split, epochs=3, optimizer=opt, progress=False)
    message = str(err.value)
    for piece in ("diverged in epoch 1", "learning rate 1e+30", "lam=0, seed=0", "smaller"):
        assert piece in message, message


def test_evaluate_computes_no_accuracy_from_nan_outputs(tiny_split):
    model = make_mlp((784, 8, 10))
    with torch.no_grad():
        model.fc1.weight[0, 0] = float("nan")
    with pytest.raises(DivergedError, match="NaN or inf"):
        evaluate(model, *tiny_split)


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
