"""No silent garbage: each way a student can break training or the data gets a clear error.

One test per way (docs/package.md, "When training diverges or the input is bad"): without
these checks, each input below would train on and report numbers, or fail deep inside
PyTorch or torchvision without naming the cause.
"""

import pytest
import torch

from l10_utils import evaluate, fit, load_mnist, make_mlp, set_seed
from l10_utils.data import CorruptedFileError
from l10_utils.sweep import train_sweep
from l10_utils.training import DivergedError

SIZES = (784, 8, 10)


def with_nan_pixel(split):
    X, y = split
    X = X.clone()
    X[7, 300] = float("nan")
    return X, y


def test_fit_refuses_a_nan_pixel_and_names_its_row(tiny_split):
    with pytest.raises(
        ValueError, match=r"train: X holds 1 value\(s\) that are NaN or inf .*row 7"
    ):
        fit(make_mlp(SIZES), with_nan_pixel(tiny_split), epochs=1, progress=False)


def test_train_sweep_refuses_a_nan_pixel(tiny_split):
    with pytest.raises(ValueError, match="NaN or inf"):
        train_sweep(SIZES, with_nan_pixel(tiny_split), lams=[0.0], seeds=[0], progress=False)


def test_fit_with_a_huge_learning_rate_stops_with_the_epoch_the_rate_and_what_to_try(tiny_split):
    set_seed(0)
    model = make_mlp(SIZES)
    opt = torch.optim.SGD(model.parameters(), lr=1e30)
    with pytest.raises(DivergedError) as err:
        fit(model, tiny_split, tiny_split, epochs=3, optimizer=opt, progress=False)
    message = str(err.value)
    for piece in ("diverged in epoch 1", "learning rate 1e+30", "lam=0, seed=0", "smaller"):
        assert piece in message, message


def test_train_sweep_names_the_networks_that_diverged(tiny_split):
    with pytest.raises(DivergedError, match=r"λ = 0, seed 3 diverged in epoch 2.*rate 1e\+30"):
        train_sweep(
            SIZES, tiny_split, lams=[0.0], seeds=[3], lr=1e30, dtype=torch.float32, progress=False
        )


def test_evaluate_computes_no_accuracy_from_nan_outputs(tiny_split):
    model = make_mlp(SIZES)
    with torch.no_grad():
        model.fc1.weight[0, 0] = float("nan")
    with pytest.raises(DivergedError, match="NaN or inf"):
        evaluate(model, *tiny_split)


def test_fit_with_float_labels_says_to_use_long(tiny_split):
    X, y = tiny_split
    with pytest.raises(
        ValueError, match=r"y must hold int64 class indices.*float32: use y\.long\(\)"
    ):
        fit(make_mlp(SIZES), (X, y.float()), epochs=1, progress=False)


def test_labels_beyond_the_models_outputs_are_named(tiny_split):
    X, y = tiny_split
    with pytest.raises(ValueError, match="class indices from 0 to 9, got values from 3 to 12"):
        fit(make_mlp(SIZES), (X, y + 3), epochs=1, progress=False)


def test_lam_without_a_penalty_says_to_pass_one(tiny_split):
    with pytest.raises(ValueError, match="lam=1.0 was given without a penalty function"):
        fit(make_mlp(SIZES), tiny_split, lam=1.0, epochs=1, progress=False)


def test_data_are_checked_once_per_fit_not_every_epoch(tiny_split, monkeypatch):
    from l10_utils import training

    calls = []
    monkeypatch.setattr(training, "check_split", lambda *a: calls.append(a[1]) or a[0])
    fit(make_mlp(SIZES), tiny_split, tiny_split, epochs=3, progress=False)
    assert calls == ["train", "val"]


def test_an_unknown_source_lists_the_known_ones():
    with pytest.raises(ValueError, match="unknown MNIST source 'fashion'.*'bundled'.*'full'"):
        load_mnist("fashion")


def _full_mnist(root, n=20):
    from tools.mnist_idx import write_mnist_idx

    images, labels = torch.zeros(n, 28, 28, dtype=torch.uint8), torch.arange(n) % 10
    write_mnist_idx(root, images, labels, train=True)
    write_mnist_idx(root, images[:5], labels[:5], train=False)
    return (root / "MNIST" / "raw").resolve()


def test_a_truncated_idx_file_is_named_with_its_sizes_and_the_fix(tmp_path):
    raw = _full_mnist(tmp_path)
    images = raw / "train-images-idx3-ubyte"
    images.write_bytes(images.read_bytes()[: 16 + 10 * 784 + 5])  # an interrupted download
    with pytest.raises(CorruptedFileError) as err:
        load_mnist(source="full", root=tmp_path)
    message = str(err.value)
    assert str(images) in message  # the absolute path
    assert "holds 7,861 bytes" in message and "20 images, which take 15,696 bytes" in message
    assert "truncated" in message and "Delete it" in message and "download=True" in message


@pytest.mark.parametrize(
    "content, found",
    [
        (b"", "holds 0 bytes: not an intact MNIST image file"),
        (b"\x00" * 20, "holds 20 bytes: not an intact MNIST image file"),
    ],  # fmt: skip
)
def test_an_empty_or_foreign_idx_file_is_named(tmp_path, content, found):
    raw = _full_mnist(tmp_path)
    (raw / "train-images-idx3-ubyte").write_bytes(content)
    with pytest.raises(CorruptedFileError, match=found):
        load_mnist(source="full", root=tmp_path)


def test_labels_and_images_of_different_counts_are_named(tmp_path):
    from tools.mnist_idx import write_mnist_idx

    _full_mnist(tmp_path)
    write_mnist_idx(tmp_path, torch.zeros(3, 28, 28), torch.zeros(3, dtype=torch.long), train=False)
    raw = (tmp_path / "MNIST" / "raw").resolve()
    labels = raw / "t10k-labels-idx1-ubyte"
    labels.write_bytes(labels.read_bytes()[:8].replace(b"\x00\x00\x00\x03", b"\x00\x00\x00\x02")
                       + b"\x00\x00")  # fmt: skip
    with pytest.raises(CorruptedFileError, match="another number of labels"):
        load_mnist(source="full", root=tmp_path)


def test_a_checker_keeps_the_students_own_traceback_and_names_the_case():
    from l10_utils.checks import check_lecture_to_weight_decay

    def weight_decay_for(lam, n):
        return 2 * lam / n + 0 / (n - 1000)  # right, but divides by zero when n = 1000

    with pytest.raises(AssertionError) as err:
        check_lecture_to_weight_decay(weight_decay_for)
    assert "raised ZeroDivisionError" in str(err.value) and "(lam=0.1, n=1000)" in str(err.value)
    assert isinstance(err.value.__cause__, ZeroDivisionError)  # the student's traceback, chained
