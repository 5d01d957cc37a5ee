"""Saved widget state in notebooks: measure it, find the λ explorers in it, strip them.

``nbclient``/``nbconvert --execute`` (``store_widget_state=True`` by
default) save in ``metadata.widgets`` the last state of every widget the kernel created, plus
every Layout and Style model. An explorer's current frame is in its HTML widget from the
start (a live user sees a picture at once), as a base64 PNG, so each explorer saves tens of
kilobytes. :func:`widget_state_size` measures a notebook's
saved state, :func:`saved_explorer_models` lists the explorers in it,
:func:`strip_widget_state` removes them (and only them; other widgets such as progress bars
stay), and :func:`widget_state_metadata` gives what nbclient would save for a widget, for
tests without a kernel. Explorer models are found by the CSS
class ``EXPLORER_CLASS`` on the root box. The static panel of the output carries the lesson.

The module itself needs only the standard library (:func:`widget_state_metadata` imports
ipywidgets when called); the release tool strips saved state with it.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import ipywidgets

__all__ = [
    "EXPLORER_CLASS",
    "WIDGET_STATE_MIME",
    "saved_explorer_models",
    "strip_widget_state",
    "widget_state_metadata",
    "widget_state_size",
]

# The CSS class on every explorer's root box (explorer_widget sets it): how saved state and the
# browser tests find explorers. Defined here, so that this module needs no ipywidgets.
EXPLORER_CLASS = "l10-explorer"
WIDGET_STATE_MIME = "application/vnd.jupyter.widget-state+json"


def _notebook(nb: Mapping | str | Path) -> Mapping:
    if isinstance(nb, (str, Path)):
        return json.loads(Path(nb).read_text(encoding="utf-8"))
    return nb


def widget_state_size(nb: Mapping | str | Path) -> int:
    """Return ``len(json.dumps(nb.metadata.widgets))``: the bytes of saved widget state."""
    return len(json.dumps(_notebook(nb).get("metadata", {}).get("widgets", {})))


def _refs(value: Any) -> set[str]:
    """Return the model ids a widget state refers to (``"IPY_MODEL_<id>"`` strings)."""
    if isinstance(value, str):
        return {value[len("IPY_MODEL_") :]} if value.startswith("IPY_MODEL_") else set()
    if isinstance(value, Mapping):
        return set().union(*(_refs(v) for v in value.values())) if value else set()
    if isinstance(value, (list, tuple)):
        return set().union(*(_refs(v) for v in value)) if value else set()
    return set()


def _reach(roots: set[str], state: Mapping) -> set[str]:
    seen: set[str] = set()
    stack = list(roots)
    while stack:
        mid = stack.pop()
        if mid in seen or mid not in state:
            continue
        seen.add(mid)
        stack.extend(_refs(state[mid].get("state", {})))
    return seen


def _saved_models(nb: Mapping) -> dict:
    entry = nb.get("metadata", {}).get("widgets", {}).get(WIDGET_STATE_MIME, {})
    return entry.get("state", {})


def saved_explorer_models(nb: Mapping | str | Path) -> list[str]:
    """Return the model ids of explorer boxes saved in the notebook's widget state."""
    state = _saved_models(_notebook(nb))
    return sorted(
        mid
        for mid, model in state.items()
        if EXPLORER_CLASS in model.get("state", {}).get("_dom_classes", ())
    )


def strip_widget_state(nb: Mapping, *, everything: bool = False) -> int:
    """Remove explorer models (box, slider, image, their layouts and styles) from saved state.

    Other widgets (progress bars) stay, unless ``everything``. ``metadata.widgets`` goes when
    nothing is left (GitHub refuses to render a ``metadata.widgets`` without ``"state"``).
    Changes ``nb`` in place and returns the number of bytes removed.
    """
    before = widget_state_size(nb)
    metadata = nb.get("metadata", {})
    if "widgets" not in metadata:
        return 0
    state = _saved_models(nb)
    if everything:
        state.clear()
    else:
        drop = _reach(set(saved_explorer_models(nb)), state)
        keep = _reach(set(state) - drop, state)
        for mid in drop - keep:
            del state[mid]
    if not state:
        del metadata["widgets"]
    return before - widget_state_size(nb)


def widget_state_metadata(widget: ipywidgets.Widget) -> dict:
    """Return the ``metadata.widgets`` that nbclient would save for ``widget`` and its children.

    Mirrors ``nbclient.NotebookClient.set_widgets_metadata``: every model's full state, binary
    values (an Image's PNG) as base64 buffers. For size tests without running a kernel.
    """
    import ipywidgets as widgets
    from ipywidgets.widgets.widget import _remove_buffers

    found: dict[str, widgets.Widget] = {}
    stack = [widget]
    while stack:
        w = stack.pop()
        if w.model_id in found:
            continue
        found[w.model_id] = w
        for name in w.keys:
            value = getattr(w, name)
            for item in value if isinstance(value, (list, tuple)) else (value,):
                if isinstance(item, widgets.Widget):
                    stack.append(item)
    state = {}
    for mid, w in found.items():
        plain, paths, buffers = _remove_buffers(w.get_state())
        entry = {
            "model_name": plain.get("_model_name"),
            "model_module": plain.get("_model_module"),
            "model_module_version": plain.get("_model_module_version"),
            "state": json.loads(json.dumps(plain)),
        }
        if buffers:
            entry["buffers"] = [
                {
                    "data": base64.b64encode(bytes(buf)).decode("utf-8"),
                    "encoding": "base64",
                    "path": path,
                }
                for path, buf in zip(paths, buffers, strict=True)
            ]
        state[mid] = entry
    return {WIDGET_STATE_MIME: {"state": state, "version_major": 2, "version_minor": 0}}
