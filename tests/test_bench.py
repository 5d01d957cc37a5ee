"""python -m tools.bench: the output format of its modes. Speed is measured by running
the command, never asserted in a test (timings depend on the machine and its load)."""

import dataclasses
import inspect
import re
import subprocess
import sys

import nbformat
import pytest
from notebook_files import SOLUTIONS

from tools import bench, notebook_timing, otter_grading

MIB = 2**20


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
    # itself, or through fit (with no optimizer given) or train_sweep, which build torch's SGD
    from l10_utils.sweep import train_sweep
    from l10_utils.training import fit

    builders = [f for f in (fit, train_sweep) if "torch.optim.SGD(" in inspect.getsource(f)]
    assert len(builders) == 2
    code = "\n".join(c.source for c in nbformat.read(path, 4).cells if c.cell_type == "code")
    builds = "torch.optim." in code or re.search(r"(?<!\.)\b(fit|train_sweep)\(", code)
    # notebook 1 trains by hand-written gradient descent (the lesson): its floor holds one
    # optimizer too many, about a second, so its ratio to the floor is, if anything, too low
    assert builds or path.name.startswith("01_")


def _fake_grading(n, out, workers=None, otter=None):
    """What ``otter_grading.run_grading`` returns, for two notebooks, without running Otter."""
    names = ("01_a", "02_b")
    return {
        "submissions": n,
        "workers": workers or 2,
        "seconds": 30.0,
        "per_notebook": dict(zip(names, (15.1, 12.4), strict=True)),
        "peak_rss": dict(zip(names, (1_050_000_000, 990_000_000), strict=True)),
        "cpu_seconds": dict(zip(names, (13.2, 11.0), strict=True)),
        "mismatches": [],
        "gradebook": out / "gradebook.csv",
    }


def test_grading_mode_prints_peak_memory_and_cpu_seconds_beside_each_notebooks_seconds(
    monkeypatch, tmp_path, capsys
):
    monkeypatch.setattr(otter_grading, "run_grading", _fake_grading)
    bench.main(["--grading", "4", "--out", str(tmp_path)])
    lines = capsys.readouterr().out.strip().splitlines()
    row = (
        r"(\w+): (\d+\.\d) s per submission \(its otter run, 2 at once\); "
        r"peak (\d+) MiB resident \(largest process\), (\d+\.\d) CPU s"
    )
    rows = [re.fullmatch(row, line) for line in lines[1:-1]]
    assert all(rows), lines
    assert [(m[1], m[3]) for m in rows] == [("01_a", "1001"), ("02_b", "944")]  # MiB = 2**20 B
    assert re.fullmatch(r"submissions_per_minute: \d+\.\d\d", lines[-1]), lines[-1]


def test_gradescope_mode_prints_a_row_per_notebook_and_the_verdicts_last(
    monkeypatch, tmp_path, capsys
):
    import tools.otter_export

    def fake_runs(out, python, root=None, exported=None):
        big = otter_grading.GradescopeRun("01_a", "out of memory", False, 1_000 * MIB, 14.0,
                                          29.5)  # fmt: skip
        small = otter_grading.GradescopeRun("02_b", "graded", True, 600 * MIB, 9.0, None)
        return [big, small] if "cuda" in python else [small, small]

    monkeypatch.setattr(tools.otter_export, "export", lambda out, root=None: {})
    monkeypatch.setattr(otter_grading, "run_gradescope", fake_runs)
    monkeypatch.setattr(otter_grading, "torch_version", lambda python: python.split("/")[-1])
    bench.main(
        ["--gradescope", "--python", "/x/cuda", "--python", "/y/cpu", "--out", str(tmp_path)]
    )
    lines = capsys.readouterr().out.strip().splitlines()
    assert lines[0].startswith("Gradescope's defaults: 768 MiB, 0.5 CPU, 10 min; ")
    row = r"(\w+)\s+(\d+)\s+(\d+\.\d)\s+(\d+\.\d)\s+(\d+\.\d|-)  (fits|does not fit)( \(.*\))?"
    assert re.fullmatch(row, lines[3]) and re.fullmatch(row, lines[4]), lines
    assert lines[3].endswith(
        "1000    14.0    28.0    29.5  does not fit (out of memory, not full marks)"
    )
    assert lines[4].endswith("600     9.0    18.0       -  fits")
    assert lines[-1] == "gradescope_fits_defaults: 1/2 (torch cuda), 2/2 (torch cpu)"


def test_a_gradescope_run_fits_only_with_full_marks_within_memory_and_time():
    fitting = otter_grading.GradescopeRun("a", "graded", True, 700 * MIB, 10.0, 25.0)
    assert fitting.fits and fitting.half_cpu_seconds == 20.0
    too_long = ({"measured_wall": 600.0}, {"cpu_seconds": 300.0, "measured_wall": None})
    for change in ({"full_marks": False}, {"peak_rss": 768 * MIB}, *too_long):
        assert not dataclasses.replace(fitting, **change).fits, change


@pytest.mark.kernel
def test_the_measured_peak_is_the_largest_process_a_grandchild_included():
    # otter run's kernel is its child, so a grandchild of the measured process: it must count.
    grandchild = "b = b'x' * (300 << 20)"  # touches 300 MiB
    program = f"import subprocess, sys; subprocess.run([sys.executable, '-c', {grandchild!r}])"
    run = otter_grading.run_measured([sys.executable, "-c", program])
    assert run.returncode == 0 and not run.timed_out
    assert run.peak_rss >= 300 * MIB and run.cpu_seconds > 0
    # ... and only the command's own: this process (torch imported, over 200 MiB) is not counted.
    assert otter_grading.run_measured(["true"]).peak_rss < 100 * MIB
    late = otter_grading.run_measured([sys.executable, "-c", "import time; time.sleep(30)"],
                                      timeout=0.5)  # fmt: skip
    assert late.timed_out and late.returncode == -9


@pytest.mark.kernel
def test_a_run_past_the_memory_limit_is_seen_as_killed():
    with otter_grading.confine(0.5, 200 * MIB) as box:
        if box is None:
            pytest.skip("no writable control group here (not Linux or not root)")
        before = box.oom_kills()
        run = otter_grading.run_measured(box.wrap([sys.executable, "-c", "b = b'x' * (400 << 20)"]))
        assert run.returncode == -9 and box.oom_kills() == before + 1
