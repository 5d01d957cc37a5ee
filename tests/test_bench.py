"""python -m tools.bench: the output format of both modes. Speed is measured by running
the command, never asserted in a test (timings depend on the machine and its load)."""

import re
import subprocess
import sys

import nbformat
import pytest
from notebook_files import SOLUTIONS

from tools import bench, notebook_timing


def test_bench_prints_both_timings_and_the_ratio_last(capsys):
    bench.main(["--repeats", "1"])
    lines = capsys.readouterr().out.strip().splitlines()
    assert "preloaded tensors" in lines[-3] and "DataLoader" in lines[-2]
    assert re.fullmatch(r"speedup_vs_torchvision_dataloader: \d+\.\d\d", lines[-1]), lines[-1]


def test_bench_rejects_zero_repeats():
    with pytest.raises(ValueError, match="repeats must be >= 1"):
        bench.run(repeats=0)


@pytest.mark.kernel
def test_notebook_mode_prints_a_row_per_notebook_the_contention_and_the_ratio_last(
    tmp_path, capsys
):
    tiny = tmp_path / "01_tiny.ipynb"
    nbformat.write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1 + 1")]), tiny)
    bench.main(["--notebooks", str(tiny), "--rounds", "1"])
    lines = capsys.readouterr().out.strip().splitlines()
    number = r"\s+\d+\.\d"
    assert re.fullmatch(rf"floor \(kernel start \+ imports\)({number}+){{4}}", lines[-5]), lines
    assert re.fullmatch(rf"01_tiny({number}+){{4}}", lines[-4]), lines[-4]
    assert re.fullmatch(rf"all 1 notebooks({number}+){{4}}", lines[-3]), lines[-3]
    assert re.fullmatch(r"worst_contention_slowdown: \d+\.\d\d \(01_tiny\)", lines[-2])
    assert re.fullmatch(r"bundle_ratio_to_floor: \d+\.\d\d", lines[-1]), lines[-1]


def test_bundle_ratio_divides_by_the_floor_once_per_notebook():
    timings = [notebook_timing.Timing("floor", 4.0)]
    timings += [notebook_timing.Timing(f"nb{i}", s) for i, s in enumerate((8.0, 12.0))]
    assert notebook_timing.bundle_ratio(timings) == 20.0 / (2 * 4.0)


def test_notebook_mode_keeps_the_fastest_of_its_rounds(monkeypatch, tmp_path):
    times = iter([99.0, 5.0, 9.0, 4.0, 8.0, 6.0, 7.0])  # warm-up, then (floor, notebook) x 3
    monkeypatch.setattr(notebook_timing, "run_seconds", lambda path: next(times))
    nb = tmp_path / "nb.ipynb"
    nb.touch()
    floor, notebook = notebook_timing.measure([nb], False, None, 3)
    assert (floor.alone, notebook.alone) == (4.0, 7.0)
    with pytest.raises(ValueError, match="rounds must be a positive int"):
        notebook_timing.measure([nb], rounds=0)


def test_notebook_mode_names_a_missing_notebook(tmp_path):
    with pytest.raises(FileNotFoundError, match="no notebook at"):
        notebook_timing.measure([tmp_path / "missing.ipynb"])
    with pytest.raises(ValueError, match="run this from the repository root"):
        notebook_timing.measure([])


def test_full_size_mode_prints_both_times_and_the_ratio_last(capsys):
    bench.main(["--full-size", "--n", "512", "--epochs", "1"])
    lines = capsys.readouterr().out.strip().splitlines()
    assert "l10_utils.fit" in lines[-3] and "DataLoader" in lines[-2]
    assert re.fullmatch(r"full_size_speedup_vs_dataloader: \d+\.\d\d", lines[-1]), lines[-1]
    with pytest.raises(ValueError, match="need n >= batch_size"):
        bench.run_full_size(n=100)


def _modules_after(source: str) -> set[str]:
    """The names in sys.modules after running ``source`` in a fresh interpreter."""
    program = source + "\nimport sys\nprint('\\n'.join(sorted(sys.modules)))\n"
    out = subprocess.run(
        [sys.executable, "-c", program], capture_output=True, text=True, check=True
    ).stdout
    return set(out.split())


@pytest.mark.kernel
def test_the_floor_loads_only_modules_that_a_training_run_loads_too():
    # The floor must stay a floor: its optimizer line (torch imports torch._dynamo at the first
    # optimizer) may load nothing that the notebooks' own training does not load anyway.
    imports = notebook_timing.FLOOR_SOURCE.split("\n\n# every notebook")[0]
    training = imports + (
        "\nfrom l10_utils import fit, make_mlp"
        "\nfit(make_mlp((4, 3, 2)), (torch.randn(8, 4), torch.tensor([0, 1] * 4)),"
        " epochs=1, progress=False)"
    )
    floor, trained = _modules_after(notebook_timing.FLOOR_SOURCE), _modules_after(training)
    assert floor - _modules_after(imports), "the optimizer line should load torch's late imports"
    assert floor <= trained, sorted(floor - trained)[:10]


@pytest.mark.parametrize("path", SOLUTIONS, ids=lambda p: p.stem)
def test_every_solution_notebook_builds_a_torch_optimizer_as_the_floor_does(path):
    code = "\n".join(c.source for c in nbformat.read(path, 4).cells if c.cell_type == "code")
    assert "torch.optim." in code
