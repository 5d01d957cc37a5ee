"""Digits written as MNIST IDX files, the format ``torchvision.datasets.MNIST`` reads.

``write_mnist_idx`` makes a small "full MNIST" folder on disk without a download: for
``python -m tools.bench`` and for the tests of ``l10_utils.data.load_mnist(source="full")``.
"""

from __future__ import annotations

import struct
from pathlib import Path

import torch

from l10_utils.data import N_PIXELS


def write_mnist_idx(
    root: str | Path, images: torch.Tensor, labels: torch.Tensor, *, train: bool
) -> Path:
    """Write digits as MNIST IDX files under ``root/MNIST/raw``; return that folder.

    ``images``: uint8 ``(N, 28, 28)`` or ``(N, 784)``, or floats in [0, 1] (scaled to
    0..255); ``labels``: integers 0-9. Writes the ``train-*`` files when ``train`` is
    true, the ``t10k-*`` files otherwise, in the big-endian IDX format that
    ``torchvision.datasets.MNIST`` reads.
    """
    images = torch.as_tensor(images)
    labels = torch.as_tensor(labels)
    if images.ndim == 2 and images.shape[1] == N_PIXELS:
        images = images.reshape(-1, 28, 28)
    if images.ndim != 3 or images.shape[1:] != (28, 28):
        raise ValueError(
            f"images must have shape (N, 28, 28) or (N, 784), got {tuple(images.shape)}"
        )
    if labels.shape != (len(images),):
        raise ValueError(
            f"labels must have shape ({len(images)},) to match the images, "
            f"got {tuple(labels.shape)}"
        )
    if images.is_floating_point():
        images = (images * 255.0).round()
    images = images.clamp(0, 255).to(torch.uint8)
    folder = Path(root) / "MNIST" / "raw"
    folder.mkdir(parents=True, exist_ok=True)
    prefix = "train" if train else "t10k"
    n = len(images)
    # IDX: magic (0, 0, type 0x08 = ubyte, number of dims), then big-endian int32 sizes.
    with open(folder / f"{prefix}-images-idx3-ubyte", "wb") as f:
        f.write(struct.pack(">BBBBIII", 0, 0, 0x08, 3, n, 28, 28))
        f.write(images.numpy().tobytes())
    with open(folder / f"{prefix}-labels-idx1-ubyte", "wb") as f:
        f.write(struct.pack(">BBBBI", 0, 0, 0x08, 1, n))
        f.write(labels.to(torch.uint8).numpy().tobytes())
    return folder
