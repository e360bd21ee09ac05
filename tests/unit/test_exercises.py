"""dlcourse.exercises: the public tests' checks, grader.check's messages, the worker's helpers, the student notebooks."""
from __future__ import annotations

from pathlib import Path

import nbformat
import numpy as np
import pytest

from dlcourse.exercises import build, checks, student, worker

REPO = Path(__file__).resolve().parents[2]
EXERCISES = REPO / "exercises"


def test_check_array_accepts_a_right_answer():
    assert checks.check_array(np.array([1.0, 2.0]), [1.0, 2.0 + 1e-9], "f(x)") is None


@pytest.mark.parametrize("got, words", [
    (None, "returned None"),
    (Ellipsis, "still `...`"),
    (np.array([1.0, 2.0, 3.0]), "expected shape (2,), got shape (3,)"),
    (np.array([1, 2]), "expected a floating-point array, got dtype int"),
    (np.array([1.0, np.nan]), "NaN or infinite"),
    (np.array([1.0, 2.5]), "largest difference 0.5 at index (1,): expected 2, got 2.5"),
    ("12", "expected a NumPy array of shape (2,), got str"),
])
def test_check_array_says_what_was_expected_and_what_came_back(got, words):
    with pytest.raises(AssertionError) as error:
        checks.check_array(got, [1.0, 2.0], "f(x)")
    assert words in str(error.value)
    assert str(error.value).startswith("f(x)")


def test_check_scalar_and_check_equal():
    checks.check_scalar(np.float64(0.5), 0.5, "v")
    with pytest.raises(AssertionError, match="expected 0.5 .* got 0.7"):
        checks.check_scalar(0.7, 0.5, "v")
    with pytest.raises(AssertionError, match="expected a finite number"):
        checks.check_scalar(float("nan"), 0.5, "v")
    checks.check_equal(np.int64(61), 61, "n")
    checks.check_equal([3, 3, 64], (3, 3, 64), "shape")
    with pytest.raises(AssertionError, match=r"expected 61, got 60"):
        checks.check_equal(60, 61, "n")


def test_worker_strips_only_the_notebooks_grader_calls():
    source = 'import otter\ngrader = notebook_grader("x", ["q1"])\nx = 1\ngrader.check("q1")\ny = grader_count = 2'
    assert worker.strip_grader_calls(source) == "pass\npass\nx = 1\npass\ny = grader_count = 2"


def test_capped_text_keeps_the_start_and_counts_the_rest():
    stream = worker.CappedText(10)
    stream.write("x" * 8)
    stream.write("y" * 1000)
    assert "".join(stream.kept) == "xxxxxxxxyy" and stream.size == 1008


def test_grader_check_shows_one_short_line_per_public_test():
    """The book's exercise pages show this, not doctest's transcript (issue 14, point 6)."""
    class Case:
        def __init__(self, passed, message):
            self.passed, self.message = passed, message

    class Result:
        name = "q1"
        test_case_results = [Case(True, ""), Case(False, (
            "Trying:\n    check(f(1))\nExpecting nothing\n****\nLine 2, in q1 0\nFailed example:\n    check(f(1))\n"
            "Exception raised:\n    Traceback (most recent call last):\n      File \"<doctest q1 0[1]>\", line 1\n"
            "    AssertionError: f(1): expected 2, got 3\n    expected array([2.])\n"))]

    text = repr(student.CheckResult(Result()))
    assert text == "q1: 1 of 2 public tests failed\n  ✅ public test 1 passed\n  ❌ public test 2: f(1): expected 2, got 3"
    assert "Trying" not in student.CheckResult(Result())._repr_html_()
    Result.test_case_results = Result.test_case_results[:1]
    assert repr(student.CheckResult(Result())).startswith("q1: the public test passed")


def _sources(path: Path) -> list[tuple[str, str, list]]:
    nb = nbformat.read(path, as_version=4)
    return [(c.cell_type, c.source, sorted(t for t in c.metadata.get("tags", []) if t != "raises-exception"))
            for c in nb.cells]


def test_student_notebooks_and_public_tests_are_up_to_date(tmp_path):
    """Fails when exercises/source changed without `make exercises` (regenerates without executing)."""
    written = build.build(EXERCISES / "source", tmp_path / "students", execute=False, verbose=False)
    assert [p.name for p in written] == sorted(p.name for p in EXERCISES.glob("[0-9]*.ipynb"))
    for fresh in written:
        assert _sources(fresh) == _sources(EXERCISES / fresh.name), f"{fresh.name} is out of date: run make exercises"
        stem = fresh.stem
        fresh_tests = {p.name: p.read_text() for p in (tmp_path / "students" / "tests" / stem).glob("*.py")}
        committed = {p.name: p.read_text() for p in (EXERCISES / "tests" / stem).glob("*.py")}
        assert fresh_tests == committed, f"public tests of {stem} are out of date: run make exercises"


def test_student_notebooks_have_no_solutions_or_hidden_tests():
    notebooks = sorted(EXERCISES.glob("[0-9]*.ipynb"))
    assert len(notebooks) >= 5
    total = 0
    for path in notebooks:
        text = path.read_text()
        assert "BEGIN SOLUTION" not in text and "# HIDDEN" not in text, path.name
        stem, questions = build.setup_questions(nbformat.read(path, as_version=4))
        assert stem == path.stem and len(questions) >= 3
        total += len(questions)
        for test_file in (EXERCISES / "tests" / stem).glob("*.py"):
            assert "'hidden': True" not in test_file.read_text(), test_file
    assert total >= 20


def test_student_notebooks_are_stored_without_outputs_with_stub_cells_tagged():
    """The build runs each student notebook once to tag the cells its stubs stop, then removes every output:
    the book executes the notebooks itself, and the tag lets the stopped cells show their error."""
    for path in sorted(EXERCISES.glob("[0-9]*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        code = [c for c in nb.cells if c.cell_type == "code"]
        for cell in code:
            assert not cell.outputs and cell.execution_count is None, (path.name, "stored outputs", cell.source[:60])
            tags = cell.metadata.get("tags", [])
            assert not [t for t in tags if t.startswith("nbval")], (path.name, tags)
            if "grader.export(" in cell.source:
                assert "skip-execution" in tags, (path.name, "the export cell must not run in the book build")
            if "grader.check(" in cell.source:
                assert "raises-exception" not in tags, (path.name, "a check reports failures, it does not raise")
        assert any("raises-exception" in c.metadata.get("tags", []) for c in code), (
            f"{path.name}: no cell is tagged raises-exception; run make exercises")
