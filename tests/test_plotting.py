"""Plot helpers return figures with labelled axes."""

import matplotlib.pyplot as plt
import pytest
from matplotlib.figure import Figure

from l10_utils import make_mlp, plot_sweep_curves, plot_weight_histograms
from l10_utils.sweep import train_sweep


def test_plot_weight_histograms_has_one_histogram_per_model():
    fig = plot_weight_histograms({"a": make_mlp((4, 3, 2)), "b": make_mlp((4, 3, 2))}, bins=10)
    ax = fig.axes[0]
    assert isinstance(fig, Figure)
    assert len(ax.patches) == 2 and ax.get_xlabel() == "weight value"
    plt.close(fig)


def test_plot_sweep_curves_draws_training_and_validation_means_per_lambda(tiny_split):
    sweep = train_sweep(
        (784, 4, 10),
        tiny_split,
        lams=[0.0, 3.0],
        seeds=[0, 1, 2],
        epochs=2,
        eval_splits={"val": tiny_split},
        record_epochs=True,
        progress=False,
    )
    fig = plot_sweep_curves(sweep, [0.0, 3.0])
    ax_loss, ax_acc = fig.axes
    assert ax_acc.get_xlabel() == "epoch" and "accuracy" in ax_acc.get_ylabel()
    labels = [t.get_text() for t in ax_acc.get_legend().get_texts()]
    assert labels == [
        "λ = 0: training",
        "λ = 0: validation",
        "λ = 3: training",
        "λ = 3: validation",
    ]
    means = [sum(seeds) / 3 for seeds in sweep.per_epoch("val", "acc", 3.0)]
    assert list(ax_acc.lines[3].get_ydata()) == pytest.approx(means)
    plt.close(fig)
    with pytest.raises(ValueError, match="not in this sweep"):
        plot_sweep_curves(sweep, [1.0])


def test_plot_seed_sweep_draws_mean_lines_and_the_no_penalty_level():
    from l10_utils.plotting import plot_seed_sweep

    seeds = {"train_acc": [0.9, 1.0], "val_acc": [0.8, 0.9], "train_loss": [0.1, 0.2],
             "val_loss": [0.3, 0.4]}  # fmt: skip
    fig = plot_seed_sweep({0.0: seeds, 1.0: seeds, 10.0: seeds})
    ax_acc, ax_loss = fig.axes
    assert ax_acc.get_xscale() == "log" and ax_acc.get_xlabel() == "λ (log scale)"
    assert len(ax_acc.lines) == 4  # train and val means, and their λ = 0 levels
    assert list(ax_acc.lines[0].get_xdata()) == [1.0, 10.0]
    assert list(ax_acc.lines[0].get_ydata()) == pytest.approx([0.95, 0.95])
    plt.close(fig)
