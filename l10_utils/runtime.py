"""Seeding, device choice and the CPU thread policy (one thread: docs/timings.md says why)."""

from __future__ import annotations

import os
import random

import numpy as np
import torch

THREAD_VARIABLES = ("OMP_NUM_THREADS", "MKL_NUM_THREADS")


def set_seed(seed: int) -> None:
    """Seed ``random``, NumPy and torch (CPU and CUDA) and ask torch for deterministic kernels."""
    os.environ.setdefault("CUBLAS_WORKSPACE_CONFIG", ":4096:8")  # deterministic cuBLAS
    random.seed(seed)
    np.random.seed(seed)  # noqa: NPY002 - seeds the global RNG that notebook code may use
    torch.manual_seed(seed)  # also seeds every CUDA device
    torch.use_deterministic_algorithms(True, warn_only=True)
    torch.backends.cudnn.benchmark = False


def get_device() -> torch.device:
    """Return ``cuda`` when a CUDA GPU is available, else ``cpu``."""
    return torch.device("cuda" if torch.cuda.is_available() else "cpu")


def use_threads(n: int | None = None) -> int:
    """Set torch's number of CPU threads and return it: ``n``, else the policy (one thread
    unless ``OMP_NUM_THREADS`` or ``MKL_NUM_THREADS`` is set: then torch's own choice stays)."""
    if n is not None:
        torch.set_num_threads(n)  # torch names a bad n itself
    elif not any(os.environ.get(name) for name in THREAD_VARIABLES):
        torch.set_num_threads(1)
    return torch.get_num_threads()
