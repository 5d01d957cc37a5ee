"""The Chinese edition: generated from the English notebooks and the gettext catalogues, in step.

``notebooks/zh/`` holds the English notebooks with each markdown cell translated
(``locale/zh_CN/LC_MESSAGES/<notebook>.po``) and the checks speaking Chinese (one call in the
imports cell, ``l10_utils/locale/zh_CN/LC_MESSAGES/l10_utils.po``). These tests prove that
nothing else differs (so nbgrader, Otter and nbval treat both alike), that a changed English
cell is named until its translation follows, that a translation keeps the code, formulas,
links and numbers of its cell, and that every message a check can give has its Chinese.
Strict nbval runs the Chinese solution notebooks too (``testpaths``).
"""

from __future__ import annotations

import io
import json
import re
import shutil
from contextlib import redirect_stdout
from pathlib import Path

import nbformat
import polib
import pytest
from notebook_files import EXERCISES, ROOT, SOLUTIONS, answer_kind, run_notebook

from l10_utils import checks, language
from tools import exercises as tool
from tools import release, translations

ZH_SOLUTIONS = ROOT / release.ZH / "solutions"
ZH_STUDENT = ROOT / release.ZH / "student"
PACKAGE_PO = ROOT / "l10_utils" / "locale" / "zh_CN" / "LC_MESSAGES" / "l10_utils.po"


@pytest.fixture(autouse=True)
def english_afterwards():
    yield
    language.use_language("en")


def ids(path: Path) -> str:
    return path.stem


# --- the notebooks ---------------------------------------------------------------------------
def test_every_notebook_has_a_complete_catalogue_and_its_chinese_edition():
    assert translations.all_problems(ROOT) == []
    assert sorted(p.name for p in ZH_SOLUTIONS.glob("*.ipynb")) == [p.name for p in SOLUTIONS]
    assert sorted(p.name for p in ZH_STUDENT.glob("*.ipynb")) == [p.name for p in SOLUTIONS]


@pytest.mark.parametrize("path", SOLUTIONS, ids=ids)
def test_a_translation_keeps_its_cells_code_formulas_links_and_numbers(path):
    po = translations.load(path.stem, ROOT)
    for entry in po:
        if not entry.obsolete:
            assert translations.kept(entry.msgstr) == translations.kept(entry.msgid), (
                f"{path.stem}, cell {entry.msgctxt}: the translation changes what it must keep"
            )
            assert re.search(r"[\u4e00-\u9fff]", entry.msgstr), f"{entry.msgctxt}: no Chinese"


@pytest.mark.parametrize("names", ["check_kept_fraction, check_penalized_logistic_grad",
                                   "check_a, check_kept_fraction, check_penalized_logistic_grad"])
def test_the_imports_cell_gains_use_language_sorted_and_within_100_characters(names):
    # ruff checks the Chinese notebooks too: a longer import (an exercise added) is wrapped
    source = f"import torch\n\nfrom l10_utils.checks import {names}\nfrom l10_utils.x import y\n"
    zh = translations._with_language(source)
    assert max(len(line) for line in zh.splitlines()) <= 100, zh
    listed = re.findall(r"\b(check_\w+|use_language)\b", zh.split("from l10_utils.x")[0])
    assert listed == sorted(names.split(", ") + ["use_language"]), zh
    assert zh.endswith("from l10_utils.x import y\n\n" + translations.LANGUAGE_CALL), zh
    assert translations._with_language(zh.replace("    use_language,\n", "").replace(
        ", use_language", "").removesuffix("\n" + translations.LANGUAGE_CALL)) == zh  # fmt: skip


@pytest.mark.parametrize("path", SOLUTIONS, ids=ids)
def test_the_chinese_notebook_is_the_english_one_with_chinese_prose(path):
    en = release.render(ROOT)[path]  # the English solution as the release writes it
    en, zh = nbformat.reads(en, 4), nbformat.read(ZH_SOLUTIONS / path.name, 4)
    po = {e.msgctxt: e.msgstr for e in translations.load(path.stem, ROOT)}
    assert [c.id for c in zh.cells] == [c.id for c in en.cells]
    language.use_language("zh_CN")
    for a, b in zip(en.cells, zh.cells, strict=True):
        assert (a.cell_type, a.metadata) == (b.cell_type, b.metadata), a.id
        if a.cell_type == "markdown":
            assert b.source == po[a.id]
        elif "from l10_utils.checks import " in a.source:  # the one line more: Chinese checks
            assert b.source == translations._with_language(a.source)
            assert b.source.endswith(translations.LANGUAGE_CALL), b.source
        else:
            assert b.source == a.source, a.id
        if a.cell_type == "code" and a.metadata.get("nbgrader", {}).get("grade"):
            for x, y in zip(a.outputs, b.outputs, strict=True):  # the ✓ line, in Chinese
                assert y.text == "".join(language.tr(t) + "\n" for t in x.text.splitlines())
        elif a.cell_type == "code":
            assert b.outputs == a.outputs, a.id


@pytest.mark.parametrize("path", SOLUTIONS, ids=ids)
def test_both_editions_grade_alike(path):
    # nbgrader's solution and check cells (source, metadata, ids) are the same: a Chinese
    # submission is graded by the same source notebook and the same Otter tests
    def graded(p: Path) -> list:
        nb = nbformat.read(p, 4)
        return [
            (c.id, c.source, c.metadata)
            for c in nb.cells
            if "nbgrader" in c.metadata
            and (c.metadata["nbgrader"].get("solution") or c.metadata["nbgrader"].get("grade"))
        ]

    assert graded(ZH_STUDENT / path.name) == graded(ROOT / release.STUDENT / path.name)


def copy_of_the_notebooks(to: Path) -> Path:
    for folder in ("notebooks", "locale", "tests/exercises", "l10_utils/checks/data"):
        shutil.copytree(ROOT / folder, to / folder)
    for name in ("pyproject.toml",):
        shutil.copy(ROOT / name, to / name)
    return to


def test_a_changed_english_cell_fails_the_check_naming_it_until_its_translation_follows(
    tmp_path, capsys
):
    root = copy_of_the_notebooks(tmp_path)
    path = root / "notebooks/solutions/02_manual_l2_loop.ipynb"
    nb = nbformat.read(path, 4)
    k, cell = next((k, c) for k, c in enumerate(nb.cells) if c.cell_type == "markdown" and k)
    cell.source += "\n\nA sentence added to the English."
    nbformat.write(nb, path)
    assert release.main(["--check", "--root", str(root)]) == 1
    out = capsys.readouterr().out
    number = [c.id for c in nb.cells if c.cell_type == "markdown"].index(cell.id) + 1
    assert f"02_manual_l2_loop, markdown cell {number} (id {cell.id}): the English changed" in out
    assert "A sentence added to the English." in out
    # the translators' step: the entry turns fuzzy with the old English beside it ...
    assert translations.main(["--update", "--root", str(root)]) == 0
    po = translations.load("02_manual_l2_loop", root)
    entry = next(e for e in po if e.msgctxt == cell.id)
    assert "fuzzy" in entry.flags and entry.previous_msgid and entry.msgid == cell.source
    assert release.main(["--check", "--root", str(root)]) == 1
    assert "marked fuzzy" in capsys.readouterr().out
    # ... and once translated, the release writes the Chinese edition again
    entry.msgstr += "\n\n英文中新加的一句话。"
    entry.flags.remove("fuzzy")
    po.save(str(translations.catalogue_path("02_manual_l2_loop", root)))
    assert release.main(["--root", str(root)]) == 0
    zh = nbformat.read(root / "notebooks/zh/solutions/02_manual_l2_loop.ipynb", 4)
    assert zh.cells[k].source.endswith("英文中新加的一句话。")
    assert release.main(["--check", "--root", str(root)]) == 0


def test_a_missing_or_empty_translation_is_named(tmp_path):
    root = copy_of_the_notebooks(tmp_path)
    po = translations.load("04_mnist_comparison", root)
    first, second = [e for e in po if not e.obsolete][:2]
    po.remove(first)
    second.msgstr = ""
    nb = nbformat.read(root / "notebooks/solutions/04_mnist_comparison.ipynb", 4)
    found = translations.problems(nb, po, "04_mnist_comparison")
    assert [line.split(": ", 1)[1][:14] for line in found] == ["no translation", "empty translat"]


# --- the checks' messages ----------------------------------------------------------------------
def _run(check, fn, **kw) -> str:
    out = io.StringIO()
    try:
        with redirect_stdout(out):
            check(fn, **kw)
    except (AssertionError, NotImplementedError) as err:
        return str(err)
    return out.getvalue().strip()


def messages() -> list[tuple[str, str]]:
    """(what, English message) of every stored answer, the stub, one failure on the hidden
    cases and one function that raises, for every exercise."""
    found = []
    for folder in sorted(p for p in EXERCISES.iterdir() if p.is_dir()):
        name, check = folder.name, getattr(checks, f"check_{folder.name}")
        for path in sorted(folder.glob("*.py")):
            fn = tool.load(path.read_text(), name, str(path))
            found.append((f"{name}/{path.stem}", _run(check, fn)))

        def stub(*args):
            raise NotImplementedError()

        def raises(*args):
            raise ValueError("boom")

        wrong = sorted(folder.glob("wrong_*.py"))[-1]
        hidden = tool.load(wrong.read_text(), name, str(wrong))
        found += [(f"{name}/stub", _run(check, stub)), (f"{name}/raises", _run(check, raises)),
                  (f"{name}/hidden", _run(check, hidden, hidden=tool.build(name)[1]))]  # fmt: skip
    return found


#: English prose left in a message: three words in a row, outside code and case parentheses
_ENGLISH = re.compile(r"\b[A-Za-z]+ [A-Za-z]+ [A-Za-z]+\b")


def test_every_check_message_has_its_chinese():
    english = messages()
    language.use_language("zh_CN")
    left = []
    for what, message in english:
        chinese = language.tr(message, strict=True)  # a message of no known shape raises
        assert chinese != message, what
        prose = re.sub(r"`[^`]*`|\([^()（）]*=[^()（）]*\)", " ", chinese)
        if what != "penalized_batch_cost/wrong_float_targets":  # PyTorch's own error, English
            left += [(what, run) for run in _ENGLISH.findall(prose)]
    assert not left, left


def test_every_stored_hint_fallback_and_case_description_has_an_entry():
    entries = language.read_po(PACKAGE_PO)
    hints = {
        answer_kind(p)[1] for p in EXERCISES.glob("*/wrong_*.py") if answer_kind(p)[0] == "hint"
    }
    texts = hints | {ex.fallback for ex in checks.EXERCISES.values()}
    texts |= {ex.then for ex in checks.EXERCISES.values() if ex.then}
    for cases in EXERCISES.glob("*/cases.json"):
        data = json.loads(cases.read_text())
        texts |= {case["what"] for case in data["public"] + data["hidden"] if "what" in case}
    missing = sorted(t for t in texts if t not in entries)
    assert not missing, missing


def test_the_package_catalogue_is_complete_and_polib_reads_it_as_the_package_does():
    po = polib.pofile(str(PACKAGE_PO))
    assert not po.untranslated_entries() and not po.fuzzy_entries()
    assert language.read_po(PACKAGE_PO) == {e.msgid: e.msgstr for e in po.translated_entries()}


def test_use_language_switches_the_messages_and_names_the_languages_it_knows():
    def kept_fraction(s, lam):
        raise NotImplementedError()

    language.use_language("zh_CN")
    with pytest.raises(NotImplementedError, match="练习 kept_fraction 尚未完成"):
        checks.check_kept_fraction(kept_fraction)
    language.use_language("en")
    with pytest.raises(NotImplementedError, match="exercise kept_fraction is not done yet"):
        checks.check_kept_fraction(kept_fraction)
    with pytest.raises(ValueError, match="unknown language 'zh'; known: en, zh_CN"):
        language.use_language("zh")


def test_the_mistakes_report_counts_chinese_messages_too():
    pytest.importorskip("otter", reason="tools.otter_grading needs Otter-Grader")
    from tools.otter_grading import NOT_DONE, Graded, mistake_counts

    def kept_fraction(s, lam):
        raise NotImplementedError()

    language.use_language("zh_CN")
    wrong = EXERCISES / "kept_fraction" / "wrong_doubled.py"
    message = _run(checks.check_kept_fraction, tool.load(wrong.read_text(), "kept_fraction"))
    stub = _run(checks.check_kept_fraction, kept_fraction)
    code = re.search(r"错误代码 ([0-9a-f]{6})", message)[1]
    results = [
        ("a", "01", Graded({"kept_fraction": 0.0}, outputs={"kept_fraction": message})),
        ("b", "01", Graded({"kept_fraction": 0.0}, outputs={"kept_fraction": stub})),
    ]
    counts = mistake_counts(results)["kept_fraction"]
    assert (counts[code], counts[NOT_DONE], counts["submissions"]) == (1, 1, 2), counts


@pytest.mark.kernel
def test_the_chinese_student_notebook_stops_at_its_first_exercise_in_chinese():
    nb = nbformat.read(ZH_STUDENT / "01_penalized_logistic_cost.ipynb", 4)
    run_notebook(nb, ZH_STUDENT, allow_errors=True)
    errors = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs
              if o.output_type == "error"]  # fmt: skip
    assert errors[0].ename == "NotImplementedError"
    assert "练习 kept_fraction 尚未完成" in errors[0].evalue
