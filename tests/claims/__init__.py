"""What each solution notebook claims, asserted on its own variables in the kernel that runs it.

A notebook keeps an assert only where the check is the lesson. Every other claim it makes
("the norms fall with λ on every seed", "two routes train the same network") is a piece of
code in ``nbNN.py`` (``CLAIMS``: {name: code}). The repository's ``conftest.py`` appends each
claim to its notebook's strict nbval run as one more cell, so a claim runs once per run, in
the same kernel, after the notebook's last cell, and sees its variables as a student's run
leaves them; on the other numeric paths of CI too.
"""

from __future__ import annotations

from importlib import import_module


def claims_for(notebook: str) -> dict[str, str]:
    """The claims of a solution notebook by its file name, e.g. ``02_manual_l2_loop.ipynb``."""
    return import_module(f"{__name__}.nb{notebook[:2]}").CLAIMS
