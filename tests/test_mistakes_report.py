"""The class-wide mistakes report (``tools.otter_grading``), on the stored wrong answers.

Each stored answer goes through its check in-process, as Otter's test would run it; its
message becomes that question's output in a graded submission. The report must count each
hinted wrong answer under its own mistake (its hint, by code), each wrong answer the type
and argument checks catch under the generic mistake its message names, the stub as "not
done", and a right answer nowhere. ``tests/test_otter.py`` reads the same report from real
``otter run`` results.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from contextlib import redirect_stdout

import pytest
from notebook_files import EXERCISES, answer_kind

from l10_utils import checks
from l10_utils.checks._engine import mistake_code
from tools import exercises as tool
from tools.otter_grading import (
    NO_NAME,
    NOT_DONE,
    Graded,
    mistake_counts,
    mistake_names,
    write_mistakes_report,
)

pytest.importorskip("otter", reason="tools.otter_grading needs Otter-Grader (the grading extra)")


def graded(name: str, fn) -> Graded:
    """One submission's result on question ``name``: the check's message, as Otter's is."""
    try:
        with redirect_stdout(io.StringIO()):
            getattr(checks, f"check_{name}")(fn)
    except (AssertionError, NotImplementedError) as err:
        return Graded({name: 0.0}, outputs={name: f"{type(err).__name__}: {err}"})
    return Graded({name: 1.0}, outputs={name: ""})


def stub(*args):
    raise NotImplementedError()


def submissions() -> tuple[list, dict[str, Counter]]:
    """Every stored answer and one stub per exercise, graded; and the counts due."""
    results, due = [], {}
    for folder in sorted(p for p in EXERCISES.iterdir() if p.is_dir()):
        name, count = folder.name, Counter()
        for path in sorted(folder.glob("*.py")):
            kind, text = answer_kind(path)
            fn = tool.load(path.read_text(), name, str(path))
            results.append((path.stem, name, graded(name, fn)))
            count["submissions"] += 1
            if kind == "hint":
                count[mistake_code(f"{name}: {text}")] += 1
        results.append(("stub", name, graded(name, stub)))
        count.update({"submissions": 1, NOT_DONE: 1})
        due[name] = count
    return results, due


def test_the_report_counts_each_stored_wrong_answer_under_its_mistake(tmp_path):
    results, due = submissions()
    counts = mistake_counts(results)
    for name, want in due.items():
        got = counts[name]
        hinted = {code: n for code, n in got.items() if code in mistake_names(name)}
        for code, n in want.items():
            if code not in ("submissions", NOT_DONE):
                # a wrong answer that gives the results of two stored mistakes counts for both
                assert hinted.get(code, 0) >= n, (name, code, got)
        assert got["submissions"] == want["submissions"] and got[NOT_DONE] == 1, (name, got)
        assert got[NO_NAME] == 0, f"{name}: a stored wrong answer failed with no mistake named"
        rights = sum(1 for stem, q, _ in results if q == name and stem.startswith("right_"))
        wrongs = sum(1 for stem, q, _ in results if q == name and stem.startswith("wrong_"))
        named = sum(n for code, n in got.items() if code in mistake_names(name))
        assert named >= wrongs and rights + wrongs + 1 == got["submissions"], (name, got)
    # the CSV: one row per (question, mistake), with the mistake in words and the total
    write_mistakes_report(tmp_path / "mistakes.csv", results)
    with open(tmp_path / "mistakes.csv") as f:
        rows = list(csv.DictReader(f))
    for name, want in due.items():
        ours = [row for row in rows if row["question"] == name]
        mine = {row["mistake code"] or row["mistake"]: row for row in ours}
        assert mine[NOT_DONE]["submissions"] == "1"
        for code, n in want.items():
            if code not in ("submissions", NOT_DONE):
                assert mine[code]["mistake"] == mistake_names(name)[code]
                assert int(mine[code]["submissions"]) >= n
                assert mine[code]["of submissions"] == str(want["submissions"])


def test_a_failure_no_stored_mistake_explains_is_counted_as_such():
    def kept_fraction(s, lam):  # wrong, and like no stored wrong answer
        return s / (s + 7.0)

    counts = mistake_counts([("s1", "kept_fraction", graded("kept_fraction", kept_fraction))])
    assert counts["kept_fraction"][mistake_code("unnamed")] == 1
