"""tests/colab_install_plan.py, the judge of .ci/run's pip dry runs, on hand-made plans."""

import json

import pytest
from colab_install_plan import colab_pins, main, planned, problems

PINS = {"torch": "2.11.0", "ipywidgets": "7.7.1", "jupyter-server": "2.14.0"}


def report(*items: tuple[str, str]) -> dict:
    return {"install": [{"metadata": {"name": n, "version": v}} for n, v in items]}


def test_planned_reads_names_and_versions_from_a_pip_report():
    assert planned(report(("Torch", "2.11.0"), ("l10_utils", "0.1.0"))) == {
        "torch": "2.11.0",
        "l10-utils": "0.1.0",
    }


def test_a_plan_that_keeps_colabs_versions_passes():
    assert problems({"torch": "2.11.0", "l10-utils": "0.1.0"}, PINS) == []


def test_an_upgrade_of_a_pinned_package_is_named():
    assert problems({"ipywidgets": "8.1.9"}, PINS) == ["ipywidgets 8.1.9: Colab ships 7.7.1"]


def test_jupyterlab_in_the_plan_is_named():
    (line,) = problems({"jupyterlab": "4.6.0"}, PINS)
    assert line.startswith("jupyterlab 4.6.0") and "'lab' extra" in line


def test_with_only_anything_else_is_named():
    found = problems({"l10-utils": "0.1.0", "tqdm": "4.70.1"}, PINS, only="l10_utils")
    assert found == ["tqdm 4.70.1: Colab's set-up cell would install or upgrade it"]


def test_main_fails_on_a_conflict_and_on_an_empty_plan(tmp_path, capsys):
    path = tmp_path / "r.json"
    path.write_text(json.dumps(report(("torch", "2.15.0"))))
    assert main([str(path)]) == 1
    assert "COLAB CONFLICT: torch 2.15.0: Colab ships 2.11.0" in capsys.readouterr().out
    path.write_text(json.dumps(report()))
    assert main([str(path)]) == 1


def test_main_passes_a_clean_plan(tmp_path, capsys):
    path = tmp_path / "r.json"
    path.write_text(json.dumps(report(("l10-utils", "0.1.0"))))
    assert main([str(path), "--only", "l10-utils"]) == 0
    assert capsys.readouterr().out.splitlines()[-1].startswith("ok:")


def test_the_colab_file_pins_exact_versions(tmp_path):
    assert colab_pins()["torch"] == "2.11.0"
    bad = tmp_path / "c.txt"
    bad.write_text("torch>=2.11\n")
    with pytest.raises(ValueError, match="must pin exact versions"):
        colab_pins(bad)
