"""The student's path through a real JupyterLab in headless Chromium.

A student opens a notebook of ``notebooks/student/``, runs all cells from the Run menu, sees
each exercise's check cell fail with the stub's error, types a right answer into an exercise
cell, runs it and its check cell and reads the ✓ line; in the notebook with the training cell
the tqdm progress bars render as widgets and reach their end; moving a λ explorer's slider
redraws its figure. Each step leaves a screenshot (see conftest.py).

Run: ``.venv/bin/pytest -m browser`` (needs Chromium and Playwright; see conftest.py).
"""

from __future__ import annotations

import json
import os
import re

import pytest
from labdriver import NotebookTab, wait_until
from notebook_files import ROOT as REPO
from notebook_files import STUDENT as STUDENT_PATHS
from notebook_files import exercise_cells, nbgrader_role, split_answer

pytestmark = pytest.mark.browser

# The notebooks with graded exercises (the optional notebook 5 has none; the solution
# notebooks' browser test runs it).
STUDENT = [p.name for p in STUDENT_PATHS if any(exercise_cells(json.loads(p.read_text())))]
# The student notebook whose ✓ step (with its λ-sweep figure above) is the README's screenshot.
README_STUDENT_NOTEBOOK = "04_mnist_comparison.ipynb"
# The training cell whose tqdm progress bars are checked: (student notebook, text in its code).
PROGRESS_CELL = ("04_mnist_comparison.ipynb", "noisy_sweep = train_sweep(")
# The notebook whose first λ explorer (a widget slider above its figure) is moved.
EXPLORER_NOTEBOOK = "notebooks/solutions/01_penalized_logistic_cost.ipynb"
STUB_ERROR = "exercise {name} is not done yet; the cells below use it, so the notebook stops here"


def exercises(notebook: dict) -> list[tuple[str, int, int]]:
    """(function name, solution cell index, check cell index) of each graded exercise; each
    check cell right below its solution cell, as the student meets them."""
    found = list(exercise_cells(notebook))
    for name, i, j in found:
        check = nbgrader_role(notebook["cells"][j])["grade_id"]
        assert j == i + 1 and check == f"check_{name}", (i, j, check)
    return found


def answer(name: str) -> tuple[str, str]:
    """(file, code) of the first right answer in tests/exercises/<name>/, without its
    ``# expect:`` line (the first wrong answer with L10_BROWSER_BREAK=wrong)."""
    kind = "wrong" if os.environ.get("L10_BROWSER_BREAK") == "wrong" else "right"
    path = sorted((REPO / "tests" / "exercises" / name).glob(f"{kind}_*.py"))[0]
    _, code = split_answer(path)
    return str(path.relative_to(REPO)), code.strip("\n")


def source(cell: dict) -> str:
    return "".join(cell["source"])


@pytest.mark.parametrize("name", STUDENT, ids=[n.removesuffix(".ipynb") for n in STUDENT])
def test_student_path(name, open_notebook, shots, readme_screenshot):
    tab: NotebookTab = open_notebook(f"notebooks/student/{name}")
    shots.take("opened")
    tasks = exercises(tab.notebook)
    assert tasks, f"{name} has no graded exercise"

    # Run > Run All Cells: every cell up to the first check cell runs; that one fails.
    prompts = tab.run_all()
    first_check = tasks[0][2]
    ran = [i for i in tab.code_cells if prompts[i] is not None]
    assert ran == [i for i in tab.code_cells if i <= first_check], (
        f"Run All should stop at the first check cell ({first_check}); cells that ran: {ran}"
    )
    for i in ran[:-1]:
        assert not tab.stderr_texts(i), f"cell {i} shows an error:\n{tab.stderr_texts(i)}"
    tab.show(first_check, block="end")
    shots.take("run-all")

    if name == PROGRESS_CELL[0]:
        training = next(
            i for i in tab.code_cells if PROGRESS_CELL[1] in source(tab.notebook["cells"][i])
        )
        bars = tab.progress_bars(training)
        assert bars, f"no progress bar widget in the training cell {training} of {name}"
        for bar in bars:
            counts = re.search(r"(\d+)/(\d+)", bar["text"])
            assert counts and counts[1] == counts[2], f"progress bar not at its end: {bar}"
            assert bar["width"] == "100%" and "100%" in bar["text"], bar
        tab.show(tab.cells.nth(training).locator(".jp-OutputArea"))
        shots.take("progress-bars")

    # Each exercise alone: its stub cell, then its check cell, which shows the stub's error.
    for function, solution, check in tasks:
        tab.run_cell(solution)
        tab.run_cell(check)
        errors = "\n".join(tab.stderr_texts(check))
        assert STUB_ERROR.format(name=function) in errors and "NotImplementedError" in errors, (
            f"check cell of {function} should fail with the stub's error, shows:\n{errors}"
        )
        tab.show(check, block="end")
        shot = shots.take(f"stub-{function}")
        if name == README_STUDENT_NOTEBOOK and function == tasks[0][0]:
            readme_screenshot(shot, "student-check.png")  # the README shows no answer

    # A right answer typed into the first exercise: its check cell prints ✓.
    function, solution, check = tasks[0]
    file, code = answer(function)
    typed = tab.replace_source(solution, code)
    assert typed.strip() == code.strip(), f"the editor holds:\n{typed}"
    tab.run_cell(solution)
    tab.run_cell(check)
    shown = tab.output_text(check)
    assert f"✓ {function}:" in shown, f"check cell of {function} with {file} shows:\n{shown}"
    assert not tab.stderr_texts(check), tab.stderr_texts(check)
    tab.show(check, block="end")
    shots.take(f"right-{function}")

    # What was saved is what ran: the typed answer and its ✓ line.
    saved = tab.save()
    assert source(saved["cells"][solution]).strip() == code.strip()
    printed = "".join("".join(out.get("text", "")) for out in saved["cells"][check]["outputs"])
    assert f"✓ {function}:" in printed, saved["cells"][check]["outputs"]


def test_lambda_explorer_slider_redraws_the_figure(open_notebook, shots, readme_screenshot, lab):
    from l10_utils.explorer_widget import EXPLORER_CLASS  # the CSS class on every explorer's box

    stored = json.loads((lab.root / EXPLORER_NOTEBOOK).read_text())
    assert any("_explorer(" in source(c) for c in stored["cells"] if c["cell_type"] == "code"), (
        f"{EXPLORER_NOTEBOOK} has no λ explorer (no code cell calls l10_utils.pictures' "
        "*_explorer): point EXPLORER_NOTEBOOK in tests/browser/test_student_path.py at one"
    )
    tab = open_notebook(EXPLORER_NOTEBOOK)
    prompts = tab.run_all()
    assert all(prompts[i] is not None for i in tab.code_cells), tab.stderr_texts()
    value, new_value, before, after = tab.move_first_slider(within=f".{EXPLORER_CLASS}")
    explorer = tab.page.locator(f".jp-OutputArea-output .{EXPLORER_CLASS}").first
    tab.show(explorer, block="start")
    shot = shots.take("slider-moved")
    assert after != before, f"slider {value} -> {new_value}: the figure looks the same"
    readme_screenshot(shot, "explorer.png")


# A notebook of the test's own: the mechanism (slider -> kernel -> new PNG in an Image widget)
# in the smallest form, so that a failure of the explorer test above can be told apart from a
# change in how ipywidgets draws a slider. L10_BROWSER_BREAK=still drops the observer.
MECHANISM = """import io

import ipywidgets as widgets
from PIL import Image


def png(k):
    buffer = io.BytesIO()
    Image.new("RGB", (160, 80), (60 * k, 120, 200 - 40 * k)).save(buffer, format="png")
    return buffer.getvalue()


slider = widgets.SelectionSlider(options=[("0.1", 0), ("1", 1), ("10", 2), ("100", 3)], value=1)
image = widgets.Image(value=png(1), format="png", width=160)
{observe}widgets.VBox([slider, image])
"""
OBSERVE = 'slider.observe(lambda change: setattr(image, "value", png(change["new"])), "value")\n'


def test_slider_mechanism(open_notebook, shots, lab):
    observe = "" if os.environ.get("L10_BROWSER_BREAK") == "still" else OBSERVE
    cell = {
        "cell_type": "code",
        "execution_count": None,
        "metadata": {},
        "outputs": [],
        "source": MECHANISM.format(observe=observe),
    }
    notebook = {
        "cells": [cell],
        "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3"}},
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    (lab.root / "scratch" / "slider.ipynb").write_text(json.dumps(notebook))
    tab = open_notebook("scratch/slider.ipynb")
    tab.run_all()
    wait_until(lambda: tab.page.locator(".widget-slider").count(), 60, "the slider widget")
    value, new_value, before, after = tab.move_first_slider()
    shots.take("slider-moved")
    assert after != before, f"slider {value} -> {new_value}: the figure looks the same"
