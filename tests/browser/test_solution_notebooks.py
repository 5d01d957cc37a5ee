"""Each solution notebook, run from JupyterLab's Run menu in headless Chromium: no error on the
page, every figure rendered, and the saved file shows a clean top-to-bottom run."""

from __future__ import annotations

import pytest
from notebook_files import SOLUTIONS as SOLUTION_PATHS

pytestmark = pytest.mark.browser

SOLUTIONS = [p.name for p in SOLUTION_PATHS]


def png_outputs(notebook: dict) -> int:
    return sum(
        "image/png" in out.get("data", {})
        for cell in notebook["cells"]
        if cell["cell_type"] == "code"
        for out in cell["outputs"]
    )


@pytest.mark.parametrize("name", SOLUTIONS, ids=[n.removesuffix(".ipynb") for n in SOLUTIONS])
def test_solution_notebook_runs_clean_with_every_figure(name, open_notebook, shots):
    path = f"notebooks/solutions/{name}"
    tab = open_notebook(path)
    expected_figures = png_outputs(tab.notebook)
    shots.take("opened")

    prompts = tab.run_all()
    errors = tab.stderr_texts()
    not_run = [i for i in tab.code_cells if prompts[i] is None]
    assert not errors, f"{name} shows errors or warnings:\n" + "\n---\n".join(errors)
    assert not not_run, f"{name}: cells {not_run} did not run"

    images = tab.images()
    broken = [img for img in images if img["width"] == 0]
    assert not broken, f"{name}: images that did not render: {broken}"
    assert len(images) >= expected_figures, (
        f"{name}: {len(images)} figures rendered, the stored notebook has {expected_figures}"
    )
    if images:
        tab.show(tab.page.locator(".jp-NotebookPanel .jp-OutputArea-output img").last)
    shots.take("ran-all")

    saved = tab.save()
    code = [c for c in saved["cells"] if c["cell_type"] == "code"]
    assert [c["execution_count"] for c in code] == list(range(1, len(code) + 1))
    for cell in code:
        for out in cell["outputs"]:
            assert out["output_type"] != "error", f"{out['ename']}: {out['evalue']}"
            assert out.get("name") != "stderr", "".join(out["text"])
    assert png_outputs(saved) >= expected_figures
