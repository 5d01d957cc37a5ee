"""The Chinese edition's prose: one gettext catalogue per notebook, and what keeps it in step.

``locale/zh_CN/LC_MESSAGES/<notebook>.po`` holds one entry per markdown cell of the English
solution notebook (the prose, the exercise prompts, the questions and the worked answers):
``msgctxt`` is the cell's id, ``msgid`` its English source, ``msgstr`` its Simplified Chinese.
Code cells, their outputs and the figures (titles, axis labels, alt text) stay English.

``python -m tools.translations --update`` brings every catalogue up to the English
notebooks, for a translator: a new cell gets an empty entry; a cell whose English changed
keeps its old translation, marked fuzzy, with the old English beside it (``#| msgid``), as
gettext's msgmerge does; a removed cell's entry becomes obsolete. Poedit, Weblate or
Crowdin edit the files. ``python -m tools.release`` writes ``notebooks/zh/`` from them and
``--check`` fails, naming the notebook, the cell and the changed English, while any entry
is missing, empty, fuzzy or stale (``problems``).
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

import nbformat
import polib

LOCALE = Path("locale/zh_CN/LC_MESSAGES")
LANGUAGE = "zh_CN"
#: The one line the Chinese notebooks add to their imports cell: the checks speak Chinese.
LANGUAGE_CALL = f'use_language("{LANGUAGE}")  # 检查信息用中文 (the checks\' messages in Chinese)'
_IMPORT = "from l10_utils.checks import "


def prose_cells(nb: nbformat.NotebookNode) -> list[tuple[str, str]]:
    """(cell id, English source) of every markdown cell, in order."""
    return [(c.id, c.source) for c in nb.cells if c.cell_type == "markdown"]


def catalogue_path(stem: str, root: Path = Path(".")) -> Path:
    return root / LOCALE / f"{stem}.po"


def load(stem: str, root: Path = Path(".")) -> polib.POFile:
    """The notebook's catalogue (an empty one if there is none yet)."""
    path = catalogue_path(stem, root)
    if path.is_file():
        return polib.pofile(str(path), wrapwidth=0)
    po = polib.POFile(wrapwidth=0)
    po.metadata = {
        "Project-Id-Version": "l10-l2-regularization",
        "Language": LANGUAGE,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
    }
    return po


def update(nb: nbformat.NotebookNode, po: polib.POFile) -> polib.POFile:
    """``po`` brought up to the notebook's prose (a new object), as msgmerge would."""
    old = {e.msgctxt: e for e in po if not e.obsolete}
    new = polib.POFile(wrapwidth=0)
    new.metadata = dict(po.metadata)
    for cell_id, english in prose_cells(nb):
        entry = old.pop(cell_id, None)
        if entry is None:
            new.append(polib.POEntry(msgctxt=cell_id, msgid=english, msgstr=""))
        elif entry.msgid == english:
            new.append(entry)
        else:
            changed = polib.POEntry(msgctxt=cell_id, msgid=english, msgstr=entry.msgstr,
                                    flags=["fuzzy"], previous_msgid=entry.msgid)  # fmt: skip
            new.append(changed)
    for entry in old.values():
        entry.obsolete = True
        new.append(entry)
    return new


def problems(nb: nbformat.NotebookNode, po: polib.POFile, stem: str) -> list[str]:
    """What keeps the catalogue from translating the notebook, one line each ([] if none)."""
    entries = {e.msgctxt: e for e in po if not e.obsolete}
    found = []
    for k, (cell_id, english) in enumerate(prose_cells(nb)):
        where = f"{stem}, markdown cell {k + 1} (id {cell_id})"
        entry = entries.get(cell_id)
        first = english.strip().splitlines()[0][:70] if english.strip() else ""
        if entry is None:
            found.append(f"{where}: no translation of {first!r}")
        elif entry.msgid != english:
            found.append(f"{where}: the English changed; now {_changed(entry.msgid, english)}")
        elif "fuzzy" in entry.flags:
            found.append(f"{where}: marked fuzzy (check the translation, then remove the flag)")
        elif not entry.msgstr.strip():
            found.append(f"{where}: empty translation of {first!r}")
    return found


def all_problems(root: Path = Path(".")) -> list[str]:
    """``problems`` of every solution notebook's catalogue."""
    found = []
    for path in sorted((root / "notebooks" / "solutions").glob("*.ipynb")):
        found += problems(nbformat.read(path, 4), load(path.stem, root), path.stem)
    return found


def _changed(old: str, new: str) -> str:
    """The first line of ``new`` that ``old`` does not have, quoted."""
    lines = set(old.splitlines())
    line = next((x for x in new.splitlines() if x not in lines), new.splitlines()[0])
    return repr(line[:100])


def translated(nb: nbformat.NotebookNode, po: polib.POFile) -> nbformat.NotebookNode:
    """The Chinese notebook: each markdown cell's translation; code, outputs, metadata and ids
    kept, but the imports cell of a notebook with checks makes them speak Chinese, and the
    check cells' stored outputs are what they print in Chinese."""
    from l10_utils import language

    entries = {e.msgctxt: e.msgstr for e in po if not e.obsolete}
    zh = nbformat.from_dict(nb)
    before = language._language
    language.use_language(LANGUAGE)
    try:
        for cell in zh.cells:
            if cell.cell_type == "markdown":
                cell.source = entries[cell.id]
            elif _IMPORT in cell.source:
                cell.source = _with_language(cell.source)
            elif cell.metadata.get("nbgrader", {}).get("grade"):
                for output in cell.get("outputs", []):
                    if output.get("output_type") == "stream":
                        lines = output.text.splitlines(keepends=True)
                        output.text = "".join(language.tr(x.rstrip("\n")) + x[len(x.rstrip("\n")):]
                                              for x in lines)  # fmt: skip
    finally:
        language.use_language(before)
    return zh


def _with_language(source: str) -> str:
    """An imports cell that also imports ``use_language`` from the checks and calls it; the
    import stays sorted and within 100 characters, as ``ruff`` wants it."""
    head, rest = source.split(_IMPORT, 1)
    if rest.startswith("("):  # the names one a line, up to ")"
        names, _, after = rest[1:].partition(")")
    else:
        names, _, after = rest.partition("\n")
        after = "\n" + after
    listed = {name.strip() for name in names.split(",") if name.strip()} | {"use_language"}
    # ruff's isort order: CONSTANTS, then Classes, then functions, each alphabetical
    listed = sorted(listed, key=lambda x: (not x.isupper(), not x[:1].isupper(), x.lower()))
    line = _IMPORT + ", ".join(listed)
    if len(line) > 100:
        line = _IMPORT + "(\n" + "".join(f"    {name},\n" for name in listed) + ")"
    return f"{head}{line}{after}\n{LANGUAGE_CALL}"


#: What a translation must keep exactly: inline code, formulas, links and numbers.
_KEPT = {
    "code block": re.compile(r"```.*?```", re.DOTALL),
    "inline code": re.compile(r"`[^`]+`"),
    "formula": re.compile(r"\$\$.+?\$\$|\$[^$]+\$", re.DOTALL),
    "link": re.compile(r"\]\(([^)]+)\)|https?://\S+"),
    # digits between Chinese characters count too (no \w: it matches them)
    "number": re.compile(r"(?<![A-Za-z0-9_.])\d+(?:[.,]\d+)*(?![A-Za-z0-9_])"),
}


def kept(text: str) -> dict[str, list[str]]:
    """The pieces of a cell a translation must keep, by kind (sorted)."""
    pieces = {}
    rest = text
    for kind, pattern in _KEPT.items():
        pieces[kind] = sorted(m.group(0) for m in pattern.finditer(rest))
        if kind != "number":  # numbers inside code, formulas and links count there
            rest = pattern.sub(" ", rest)
    return pieces


def main(argv: list[str] | None = None) -> int:
    """Update the catalogues from the English notebooks (``--update``), or list what is stale."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--update", action="store_true", help="merge the English into the .po")
    parser.add_argument("--root", type=Path, default=Path("."), help="repository root")
    args = parser.parse_args(argv)
    found = []
    for path in sorted((args.root / "notebooks" / "solutions").glob("*.ipynb")):
        nb, po = nbformat.read(path, 4), load(path.stem, args.root)
        if args.update:
            po = update(nb, po)
            catalogue_path(path.stem, args.root).parent.mkdir(parents=True, exist_ok=True)
            po.save(str(catalogue_path(path.stem, args.root)))
        found += problems(nb, po, path.stem)
    for line in found:
        print(line)
    return 1 if found and not args.update else 0


if __name__ == "__main__":
    sys.exit(main())
