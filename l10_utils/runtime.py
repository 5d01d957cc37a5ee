"""Seeding, device choice and the CPU thread policy shared by the notebooks.

**Thread policy.** PyTorch starts one OpenMP thread per core. On a 2-core laptop or a
2-vCPU Colab VM where one other program is busy (a browser tab, a second notebook), a
thread that loses its core makes the others spin at every small operation: the notebooks'
small networks then ran many times slower than alone. With one thread they run as fast
alone and barely slower beside a busy process (docs/timings.md, ``python -m tools.bench
--notebooks``). So :func:`use_threads` picks one thread, unless the user chose a number:
``OMP_NUM_THREADS`` (or ``MKL_NUM_THREADS``) in the environment wins, and so does a later
``torch.set_num_threads(n)`` or ``use_threads(n)`` in the notebook.
"""

from __future__ import annotations

import os
import random

import numpy as np
import torch

THREAD_VARIABLES = ("OMP_NUM_THREADS", "MKL_NUM_THREADS")
POLICY_THREADS = 1


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
    """Set the number of CPU threads torch uses and return it.

    ``n=None`` applies the policy: one thread, unless ``OMP_NUM_THREADS`` or
    ``MKL_NUM_THREADS`` is set, in which case torch's own choice (that variable) stays.
    An explicit ``n`` always wins. Prints nothing.
    """
    if n is not None:
        torch.set_num_threads(n)  # torch names a bad n itself
    elif not any(os.environ.get(name) for name in THREAD_VARIABLES):
        torch.set_num_threads(POLICY_THREADS)
    return torch.get_num_threads()
