"""train_sweep: K models at once are the same K models that fit trains one by one.

Bad arguments and data are tests/test_bad_input.py's.
"""

import pytest
import torch

from l10_utils import evaluate, fit, make_mlp, set_seed
from l10_utils.sweep import _dropout, train_sweep
from l10_utils.training import DivergedError

SIZES = (784, 16, 8, 10)


def l2_penalty(model):
    return sum((p**2).sum() for p in model.parameters() if p.ndim >= 2)


def fit_one(split, lam, seed, epochs):
    set_seed(seed)
    model = make_mlp(SIZES, dtype=torch.float64)
    opt = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9)
    X, y = split
    fit(model, (X.double(), y), epochs=epochs, batch_size=16, optimizer=opt,
        penalty=l2_penalty, lam=lam, seed=seed, progress=False)  # fmt: skip
    return model


def test_each_model_of_the_sweep_equals_fit_with_its_lambda_and_seed(tiny_split):
    lams, seeds = [0.0, 30.0], [0, 1]
    sweep = train_sweep(
        SIZES, tiny_split, lams=lams, seeds=seeds, epochs=3, batch_size=16, progress=False
    )
    k = 0
    for lam in lams:
        for seed in seeds:
            model = fit_one(tiny_split, lam, seed, epochs=3)
            linears = [m for m in model if isinstance(m, torch.nn.Linear)]
            for layer, stacked in zip(linears, sweep.weights, strict=True):
                # float64; the batched products only sum in another order
                assert torch.allclose(layer.weight.T, stacked[k], rtol=0, atol=1e-12)
            rebuilt = sweep.model(k)
            for a, b in zip(model.parameters(), rebuilt.parameters(), strict=True):
                assert torch.allclose(a, b, rtol=0, atol=1e-12)
            loss, acc = evaluate(model, tiny_split[0].double(), tiny_split[1])
            assert sweep.final["train"]["acc"][k] == acc
            assert sweep.final["train"]["loss"][k] == pytest.approx(loss, abs=1e-12)
            k += 1


def test_lambda_shrinks_the_weights_and_results_group_the_seeds(tiny_split):
    sweep = train_sweep(
        SIZES,
        tiny_split,
        lams=[0.0, 300.0],
        seeds=[0, 1, 2],
        epochs=2,
        batch_size=16,
        record_epochs=True,
        eval_splits={"val": tiny_split},
        progress=False,
    )
    assert sweep.lams == [0.0] * 3 + [300.0] * 3 and sweep.seeds == [0, 1, 2] * 2
    results = sweep.results()
    assert list(results) == [0.0, 300.0] and list(results[0.0]) == [
        "train_acc", "train_loss", "val_acc", "val_loss"
    ]  # fmt: skip
    assert results[300.0]["val_acc"] == sweep.final["val"]["acc"][3:]  # seeds 0, 1, 2
    assert len(sweep.epochs["val"]["loss"]) == 2
    norms = sum((w**2).sum((1, 2)) for w in sweep.weights).sqrt()  # each model's, at the end
    assert max(norms[3:]) < min(norms[:3])  # a strong λ shrinks every seed's weights
    # the last epoch's validation record is the final evaluation on the same split
    assert sweep.epochs["val"]["loss"][-1] == pytest.approx(sweep.final["val"]["loss"], abs=1e-12)


def test_the_training_record_is_the_mean_over_the_epochs_examples(tiny_split):
    # one batch per epoch: the running numbers are the batch's, measured before its step
    X, y = tiny_split
    sweep = train_sweep(
        SIZES,
        tiny_split,
        lams=[0.0],
        seeds=[4],
        epochs=2,
        batch_size=40,
        eval_splits={"val": tiny_split},
        record_epochs=True,
        progress=False,
    )
    set_seed(4)
    model = make_mlp(SIZES, dtype=torch.float64)
    loss, acc = evaluate(model, X.double(), y)  # the initial weights, before the first step
    assert sweep.epochs["train"]["loss"][0][0] == pytest.approx(loss, abs=1e-12)
    assert sweep.epochs["train"]["acc"][0][0] == acc


def test_early_stopping_keeps_the_weights_of_the_lowest_validation_loss(tiny_split):
    sweep = train_sweep(SIZES, tiny_split, lams=[0.0, 1.0], seeds=[0, 1], epochs=6, lr=0.5,
                        eval_splits={"val": tiny_split}, record_epochs=True, early_stopping=True,
                        batch_size=8, progress=False)  # fmt: skip
    for k in range(4):
        curve = [epoch[k] for epoch in sweep.epochs["val"]["loss"]]
        best = min(range(6), key=curve.__getitem__)
        assert sweep.best_epoch[k] == best + 1
        assert sweep.early["val"]["loss"][k] == pytest.approx(curve[best], abs=1e-12)
        model = sweep.model(k, early=True)
        assert evaluate(model, tiny_split[0].double(), tiny_split[1])[0] == pytest.approx(
            curve[best], abs=1e-12
        )


def test_dropout_changes_training_and_is_the_same_every_time(tiny_split):
    def run(p):
        return train_sweep(SIZES, tiny_split, lams=[0.0], seeds=[0, 1], epochs=2, dropout=p,
                           batch_size=16, progress=False).weights[0]  # fmt: skip

    assert torch.equal(run(0.3), run(0.3))
    assert not torch.allclose(run(0.3), run(0.0))


def test_dropout_masks_are_each_seeds_own_draws_scaled_by_1_over_1_minus_p():
    """Seed s's masks: torch.rand on a CPU generator seeded with s (the same on every machine)."""
    p, seeds = 0.25, [3, 4]
    h = torch.ones(4, 5, 6, dtype=torch.float64)  # 2 λ x 2 seeds: model l·S + s
    dropped = _dropout(p, seeds)(h)
    for s, seed in enumerate(seeds):
        g = torch.Generator().manual_seed(seed)
        draws = torch.rand((2, 5, 6), generator=g, dtype=torch.float64)  # its models' rows
        assert torch.equal(dropped[s::2], (draws >= p).double() / (1 - p))


def test_the_sweep_names_the_networks_that_diverged(tiny_split):
    with pytest.raises(DivergedError, match=r"λ = 0, seed 3 diverged in epoch 2.*rate 1e\+30"):
        train_sweep(
            SIZES, tiny_split, lams=[0.0], seeds=[3], lr=1e30, dtype=torch.float32, progress=False
        )


def test_the_sweep_leaves_the_callers_random_state_alone(tiny_split):
    torch.manual_seed(123)
    expected = torch.rand(3)
    torch.manual_seed(123)
    sweep = train_sweep(SIZES, tiny_split, lams=[0.0], seeds=[5], epochs=1, progress=False)
    sweep.model(0)
    assert torch.equal(torch.rand(3), expected)
