"""The numeric-path passes of .ci/run reach the notebook kernels.

.ci/run runs strict nbval over the solution notebooks again with other ATen CPU kernels and
thread counts (``ATEN_CPU_CAPABILITY``, ``OMP_NUM_THREADS``). Those variables only matter if
the Jupyter kernel that runs the notebook sees them: these tests start a kernel the way
nbval does and ask it.
"""

import json
import os

import nbformat
import pytest
import torch
from notebook_files import run_notebook

REPORT = (
    "import json, torch\n"
    "print(json.dumps({'capability': torch.backends.cpu.get_cpu_capability(),"
    " 'threads': torch.get_num_threads()}))"
)

pytestmark = pytest.mark.kernel  # each test starts a kernel


def kernel_numeric_path(tmp_path) -> dict:
    """Return the ATen CPU capability and torch's thread count inside a fresh kernel."""
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(REPORT)])
    run_notebook(nb, tmp_path, timeout=120)
    return json.loads(nb.cells[0].outputs[0]["text"])


def test_a_kernel_inherits_the_cpu_kernel_and_thread_count_it_is_started_with(
    tmp_path, monkeypatch
):
    # "default" (no SIMD) is available on every CPU, so the answer is known in advance.
    monkeypatch.setenv("ATEN_CPU_CAPABILITY", "default")
    monkeypatch.setenv("OMP_NUM_THREADS", "1")
    assert kernel_numeric_path(tmp_path) == {"capability": "DEFAULT", "threads": 1}


def test_this_runs_numeric_path_is_the_one_its_notebook_kernels_use(tmp_path):
    # In each numeric pass of .ci/run this proves that the variables of that pass arrived.
    seen = kernel_numeric_path(tmp_path)
    assert seen == {
        "capability": torch.backends.cpu.get_cpu_capability(),
        "threads": torch.get_num_threads(),
    }
    if "ATEN_CPU_CAPABILITY" in os.environ:
        assert seen["capability"] == os.environ["ATEN_CPU_CAPABILITY"].upper()
    if "OMP_NUM_THREADS" in os.environ:  # torch takes no more threads than there are cores
        assert 1 <= seen["threads"] <= int(os.environ["OMP_NUM_THREADS"])
