"""tools.mutants: its faults apply to the package as it is (the full run is a command, not a test:
``python -m tools.mutants``, docs/testing.md "Mutation check")."""

from pathlib import Path

import pytest

from tools import mutants

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("fault", mutants.FAULTS, ids=lambda fault: fault.name)
def test_each_fault_is_found_once_and_leaves_code_that_compiles(fault):
    text = mutants.planted(fault)  # FaultNotApplicable unless its text is there exactly once
    assert text != (ROOT / "l10_utils" / fault.path).read_text(encoding="utf-8")
    compile(text, fault.path, "exec")


def test_a_fault_whose_text_is_missing_or_repeated_is_named(tmp_path):
    fault = mutants.Fault("the-half-dropped", "training.py", "(2 * n)", "n", ("tests/x.py",))
    assert fault.apply("lam / (2 * n)") == "lam / n"
    for text in ("lam / n", "(2 * n) and (2 * n)"):
        with pytest.raises(mutants.FaultNotApplicable, match="'the-half-dropped'.*training.py"):
            fault.apply(text)
    (tmp_path / "l10_utils").mkdir()
    (tmp_path / "l10_utils" / "training.py").write_text("lam / n")
    other = mutants.Fault("n-for-b", "training.py", "len(X)", "B", ("tests/x.py",))
    with pytest.raises(mutants.FaultNotApplicable, match="(?s)'the-half-dropped'.*'n-for-b'"):
        mutants.check_faults([fault, other], root=tmp_path)  # every one named, not the first


def test_faults_have_their_own_names_existing_tests_and_stay_out_of_checks():
    names = [fault.name for fault in mutants.FAULTS]
    assert len(set(names)) == len(names)
    for fault in mutants.FAULTS:
        assert fault.tests and all((ROOT / test).is_file() for test in fault.tests), fault.name
        assert not fault.path.startswith("checks"), fault.name  # rewritten elsewhere


def test_the_first_failed_test_is_read_from_pytests_summary():
    output = (
        "..F\n=== short test summary info ===\n"
        "FAILED tests/test_bad_input.py::test_case[load_mnist-fractions-0.9, 0.2] - Assert: x - y\n"
        "FAILED tests/test_sweep.py::test_other - AssertionError\n1 failed"
    )
    assert mutants.first_failure(output) == (
        "tests/test_bad_input.py::test_case[load_mnist-fractions-0.9, 0.2]"
    )
    assert mutants.first_failure("3 passed in 1.0s") is None
