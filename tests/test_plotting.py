"""Plot helpers return figures with labelled axes."""

import matplotlib.pyplot as plt
import pytest
from matplotlib.figure import Figure

from l10_utils import History, make_mlp, plot_history, plot_weight_histograms, plot_weight_norms


def _history(offset: float = 0.0) -> History:
    return History(
        epochs=[1, 2],
        train_loss=[1.0, 0.5],
        train_acc=[0.5, 0.8],
        val_loss=[1.1, 0.7],
        val_acc=[0.4 + offset, 0.7],
        weight_norms={"fc1.weight": [1.0, 1.1], "fc2.weight": [2.0, 2.2]},
    )


def test_plot_history_draws_train_and_validation_per_run():
    fig = plot_history({"no L2": _history(), "L2": _history(0.1)})
    ax_loss, ax_acc = fig.axes
    assert isinstance(fig, Figure)
    assert len(ax_loss.lines) == 4 and len(ax_acc.lines) == 4
    assert ax_acc.get_xlabel() == "epoch" and "accuracy" in ax_acc.get_ylabel()
    labels = [t.get_text() for t in ax_acc.get_legend().get_texts()]
    assert labels == ["no L2: train", "no L2: validation", "L2: train", "L2: validation"]
    plt.close(fig)


def test_plot_history_accepts_a_single_history_without_validation():
    h = History(epochs=[1], train_loss=[1.0], train_acc=[0.5])
    fig = plot_history(h)
    assert len(fig.axes[0].lines) == 1
    plt.close(fig)


def test_plot_weight_histograms_has_one_histogram_per_model():
    fig = plot_weight_histograms({"a": make_mlp((4, 3, 2)), "b": make_mlp((4, 3, 2))}, bins=10)
    ax = fig.axes[0]
    assert len(ax.patches) == 2 and ax.get_xlabel() == "weight value"
    plt.close(fig)


def test_plot_weight_norms_has_one_panel_per_layer():
    fig = plot_weight_norms({"no L2": _history(), "L2": _history()})
    assert [ax.get_title() for ax in fig.axes] == ["fc1.weight", "fc2.weight"]
    assert len(fig.axes[0].lines) == 2
    plt.close(fig)


@pytest.mark.parametrize("plot", [plot_history, plot_weight_histograms, plot_weight_norms])
def test_plots_reject_empty_input(plot):
    with pytest.raises(ValueError, match="at least one"):
        plot({})


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
    with pytest.raises(ValueError, match="at least one λ > 0"):
        plot_seed_sweep({0.0: seeds})
