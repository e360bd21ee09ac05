"""Grading with hidden tests: every kind of bad submission from issue 7 is a test here.

A tiny exercise notebook is written and built with otter by the test itself; its student version is
filled in with good and bad answers, and one `grade` run grades them all (so the tests also show that one
bad submission does not stop the others). The real chapter-1 notebook is graded at the end.
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import sys
import textwrap
import zipfile
from pathlib import Path

import nbformat
import pytest

from dlcourse.exercises import build, grade

REPO = Path(__file__).resolve().parents[2]
TOKEN = "SECRET_7f3a9c"  # appears only in the fixture's hidden test and solution
STEM = "00_fixture"

SOURCE_CELLS = [
    ("raw", "# ASSIGNMENT CONFIG\nname: 00_fixture\ninit_cell: false\ncheck_all_cell: false\n"
            "export_cell:\n  pdf: false\n  run_tests: false\ntests:\n  files: true\n  ok_format: true\n"
            "generate: false\nsolutions_pdf: false\n"),
    ("code", 'from dlcourse.exercises.student import notebook_grader\n'
             'grader = notebook_grader("00_fixture", ["q1", "q2", "q3"])'),
    ("code", "import numpy as np"),
    ("raw", "# BEGIN QUESTION\nname: q1\npoints: 1\nall_or_nothing: true"),
    ("markdown", "Write `double(x)`."),
    ("raw", "# BEGIN SOLUTION"),
    ("code", f"def double(x):\n    # BEGIN SOLUTION\n    return 2.0 * x  # {TOKEN}\n    # END SOLUTION"),
    ("raw", "# END SOLUTION"),
    ("raw", "# BEGIN TESTS"),
    ("code", "from dlcourse.exercises.checks import check_array\n"
             "check_array(double(np.array([1.0, 2.0])), [2.0, 4.0], 'double([1, 2])')"),
    ("code", "# HIDDEN\nfrom dlcourse.exercises.checks import check_array\n"
             f"check_array(double(np.arange(5.0)), 2 * np.arange(5.0), 'double(arange(5)) {TOKEN}')"),
    ("raw", "# END TESTS"),
    ("raw", "# END QUESTION"),
    ("raw", "# BEGIN QUESTION\nname: q2\npoints: 1\nall_or_nothing: true"),
    ("markdown", "Write `halve(x)`."),
    ("raw", "# BEGIN SOLUTION"),
    ("code", "def halve(x):\n    # BEGIN SOLUTION\n    return x / 2.0\n    # END SOLUTION"),
    ("raw", "# END SOLUTION"),
    ("raw", "# BEGIN TESTS"),
    ("code", "from dlcourse.exercises.checks import check_array\n"
             "check_array(halve(np.array([2.0])), [1.0], 'halve([2])')"),
    ("code", "# HIDDEN\nfrom dlcourse.exercises.checks import check_array\n"
             "check_array(halve(np.array([3.0, -1.0])), [1.5, -0.5], 'halve([3, -1])')"),
    ("raw", "# END TESTS"),
    ("raw", "# END QUESTION"),
    ("raw", "# BEGIN QUESTION\nname: q3\npoints: 1\nall_or_nothing: true"),
    ("markdown", "Set `answer`."),
    ("raw", "# BEGIN SOLUTION"),
    ("code", "answer = 42  # SOLUTION"),
    ("raw", "# END SOLUTION"),
    ("raw", "# BEGIN TESTS"),
    ("code", "from dlcourse.exercises.checks import check_true\ncheck_true(answer is not Ellipsis, 'answer is still ...')"),
    ("code", "# HIDDEN\nfrom dlcourse.exercises.checks import check_equal\ncheck_equal(answer, 42, 'answer')"),
    ("raw", "# END TESTS"),
    ("raw", "# END QUESTION"),
]

GOOD = {"double": "def double(x):\n    return 2.0 * x",
        "halve": "def halve(x):\n    return x / 2.0",
        "answer": "answer = 42"}

# Looks for the hidden tests and the solutions everywhere a submission could think of; `double` is only
# right when nothing was found, so q1's score says whether the search failed.
SNOOP = textwrap.dedent('''
    import os, glob
    from pathlib import Path
    found = []
    TOKEN = "SECRET_" + "7f3a9c"  # built at run time, so that this file does not contain it
    def _scan(root, depth):
        try:
            entries = list(os.scandir(root))
        except OSError:
            return
        for entry in entries:
            try:
                if entry.is_file(follow_symlinks=False) and entry.stat().st_size < 2_000_000:
                    if TOKEN.encode() in Path(entry.path).read_bytes():
                        found.append(entry.path)
                elif entry.is_dir(follow_symlinks=False) and depth > 0:
                    _scan(entry.path, depth - 1)
            except OSError:
                pass
    _scan(".", 3)
    for up in ["..", "../..", "../../.."]:
        _scan(up, 1)
    for place in PLACES:
        _scan(place, 4)
    import dlcourse
    _repo = Path(dlcourse.__file__).resolve().parents[1]
    _scan(str(_repo / "exercises"), 4)
    _scan(str(_repo / ".git"), 1)
    for _pid in {os.getppid(), 1}:
        for _name in ["cmdline", "environ"]:
            try:
                if TOKEN.encode() in Path(f"/proc/{_pid}/{_name}").read_bytes():
                    found.append(f"/proc/{_pid}/{_name}")
            except OSError:
                pass
        _scan(f"/proc/{_pid}/root{_repo}/exercises", 3)
    _scan("/tmp", 2)
    try:
        _scan(os.path.dirname(os.getcwd()), 2)
    except OSError:
        pass
    def double(x):
        if found:
            raise RuntimeError(f"found {found}")
        return 2.0 * x
''')


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _fill(student: Path, answers: dict, extra_cells: list[str] = ()) -> nbformat.NotebookNode:
    """The student notebook with answer cells replaced (matched by the stub's name) and extra cells."""
    nb = nbformat.read(student, as_version=4)
    for cell in nb.cells:
        if "otter_answer_cell" in cell.metadata.get("tags", []):
            for name, code in answers.items():
                if f"def {name}(" in cell.source or cell.source.strip().startswith(f"{name} ="):
                    cell.source = code
    for position, code in extra_cells:
        nb.cells.insert(position, nbformat.v4.new_code_cell(code))
    return nb


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    root = tmp_path_factory.mktemp("grading")
    source_dir, students, dist = root / "source", root / "students", root / "dist"
    source_dir.mkdir()
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"display_name": "Python 3", "language": "python", "name": "python3"}
    nb.metadata["language_info"] = {"name": "python"}
    makers = {"raw": nbformat.v4.new_raw_cell, "code": nbformat.v4.new_code_cell,
              "markdown": nbformat.v4.new_markdown_cell}
    nb.cells = [makers[kind](text) for kind, text in SOURCE_CELLS]
    nbformat.write(nb, source_dir / f"{STEM}.ipynb")
    build.build(source_dir, students, dist, execute=False, verbose=False)
    student = students / f"{STEM}.ipynb"
    subs = root / "submissions"
    subs.mkdir()
    snoop = SNOOP.replace(
        "PLACES", repr([str(root), str(source_dir), str(dist), str(subs), str(REPO / "exercises")]))
    cases = {
        "untouched.ipynb": None,
        "correct.ipynb": _fill(student, GOOD),
        "raises.ipynb": _fill(student, {**GOOD, "double": "def double(x):\n    raise ValueError('boom')"}),
        "wrong_shape.ipynb": _fill(student, {**GOOD, "double": "def double(x):\n    return np.array([2.0 * x.sum()])"}),
        "wrong_dtype.ipynb": _fill(student, {**GOOD, "double": "def double(x):\n    return (2 * x).astype(int)"}),
        "nan.ipynb": _fill(student, {**GOOD, "double": "def double(x):\n    return x * np.nan"}),
        "prints.ipynb": _fill(student, {**GOOD, "double": "def double(x):\n    print('x' * 5_000_000)\n    return 2.0 * x"},
                              [(2, "for _ in range(50):\n    print('y' * 100_000)")]),
        "loops.ipynb": _fill(student, {**GOOD, "halve": "def halve(x):\n    while True:\n        pass"}),
        "hangs.ipynb": _fill(student, GOOD, [(2, "import signal, time\nsignal.signal(signal.SIGALRM, signal.SIG_IGN)\n"
                                                 "while True:\n    time.sleep(0.05)")]),
        "snoops.ipynb": _fill(student, {**GOOD, "double": snoop}),
        "tampers.ipynb": _fill(student, GOOD, [(2, "import glob, os\nfor _p in glob.glob('*'):\n"
                                                   "    open(_p, 'a').write('changed')")]),
    }
    for name, notebook in cases.items():
        if notebook is None:
            shutil.copyfile(student, subs / name)
        else:
            nbformat.write(notebook, subs / name)
    (subs / f"broken_{STEM}.ipynb").write_text('{"cells": [ this is not json')
    with zipfile.ZipFile(subs / "exported.zip", "w") as archive:
        archive.writestr(f"{STEM}.ipynb", nbformat.writes(_fill(student, GOOD)))
    hashes = {p.name: _sha(p) for p in subs.iterdir()}
    limits = grade.Limits(submission=10.0, cell=5.0, question=3.0, output=10_000)
    results = grade.grade(subs, root / "grades", dist_dir=dist, source_dir=source_dir, limits=limits, verbose=False,
                          jobs=4)
    return {"results": {r.submission: r for r in results}, "root": root, "subs": subs, "hashes": hashes,
            "student": student, "dist": dist, "snoop": snoop, "source_dir": source_dir}


def _q(graded, name, q):
    return graded["results"][name].questions[q]


def test_hidden_tests_are_built_and_kept_out_of_the_student_files(graded):
    hidden = (graded["dist"] / STEM / "tests" / "q1.py").read_text()
    assert TOKEN in hidden
    public_dir = graded["student"].parent / "tests" / STEM
    assert sorted(p.name for p in public_dir.iterdir()) == ["q1.py", "q2.py", "q3.py"]
    for path in [graded["student"], *public_dir.iterdir()]:
        assert TOKEN not in path.read_text(), path


def test_untouched_notebook_scores_zero_and_grading_completes(graded):
    result = graded["results"]["untouched.ipynb"]
    assert result.status == "graded"
    assert (result.score, result.possible) == (0.0, 3.0)
    assert "NotImplementedError" in result.questions["q1"]["message"]
    assert "still" in result.questions["q3"]["message"]


def test_correct_submission_and_exported_zip_score_full_marks(graded):
    for name in ["correct.ipynb", "exported.zip"]:
        result = graded["results"][name]
        assert (result.status, result.score, result.possible) == ("graded", 3.0, 3.0), result


@pytest.mark.parametrize("name, words", [
    ("raises.ipynb", "ValueError: boom"),
    ("wrong_shape.ipynb", "expected shape (2,), got shape (1,)"),
    ("wrong_dtype.ipynb", "expected a floating-point array"),
    ("nan.ipynb", "NaN"),
    ("prints.ipynb", "Got:"),
])
def test_bad_answer_gets_zero_for_that_question_with_a_message(graded, name, words):
    result = graded["results"][name]
    assert result.status == "graded"
    assert _q(graded, name, "q1")["score"] == 0.0
    assert words in _q(graded, name, "q1")["message"]
    assert len(_q(graded, name, "q1")["message"]) < 2000
    assert [_q(graded, name, q)["score"] for q in ["q2", "q3"]] == [1.0, 1.0]


def test_unreadable_notebook_scores_zero_with_the_reason(graded):
    result = graded["results"][f"broken_{STEM}.ipynb"]
    assert (result.assignment, result.status, result.score, result.possible) == (STEM, "graded", 0.0, 3.0)
    assert any("not a readable notebook" in note for note in result.notes), result.notes


def test_megabytes_of_output_are_truncated(graded):
    result = graded["results"]["prints.ipynb"]
    assert any("only the first 10,000 were kept" in note for note in result.notes), result.notes
    assert len(json.dumps(result.__dict__)) < 20_000


def test_endless_loop_in_an_answer_hits_the_question_time_limit(graded):
    result = graded["results"]["loops.ipynb"]
    assert result.status == "graded"
    assert _q(graded, "loops.ipynb", "q2")["score"] == 0.0
    assert "time limit" in _q(graded, "loops.ipynb", "q2")["message"]
    assert [_q(graded, "loops.ipynb", q)["score"] for q in ["q1", "q3"]] == [1.0, 1.0]


def test_submission_that_ignores_the_alarm_is_killed_at_the_submission_limit(graded):
    result = graded["results"]["hangs.ipynb"]
    assert result.status == "timeout"
    assert result.score == 0.0
    assert 10.0 <= result.seconds < 40.0
    # the other submissions are still graded:
    assert graded["results"]["nan.ipynb"].status == "graded"
    assert graded["results"]["prints.ipynb"].score == 2.0


def test_snooping_submission_finds_neither_hidden_tests_nor_solutions(graded):
    assert grade.sandbox_available(), "unshare is needed for the absolute-path part of this test"
    result = graded["results"]["snoops.ipynb"]
    assert _q(graded, "snoops.ipynb", "q1")["score"] == 1.0, result.questions["q1"]["message"]
    # ...while the same search, run here without isolation, does find them (so the search is real):
    namespace: dict = {}
    cwd = os.getcwd()
    os.chdir(graded["root"])
    try:
        exec(graded["snoop"], namespace)
    finally:
        os.chdir(cwd)
    assert any(str(graded["dist"]) in path for path in namespace["found"]), namespace["found"]


def test_grading_never_modifies_a_submission(graded):
    after = {p.name: _sha(p) for p in graded["subs"].iterdir()}
    assert after == graded["hashes"]
    assert graded["results"]["tampers.ipynb"].status == "graded"
    assert graded["results"]["tampers.ipynb"].score == 3.0


def test_score_table_has_one_row_per_submission_and_a_column_per_question(graded):
    import csv

    rows = list(csv.DictReader(open(graded["root"] / "grades" / "scores.csv")))
    assert {row["submission"] for row in rows} == set(graded["hashes"])
    correct = next(row for row in rows if row["submission"] == "correct.ipynb")
    assert (correct["q1"], correct["q2"], correct["q3"], correct["score"]) == ("1", "1", "1", "3")
    table = json.loads((graded["root"] / "grades" / "scores.json").read_text())
    loops = next(entry for entry in table if entry["submission"] == "loops.ipynb")
    assert loops["questions"]["q2"]["passed"] is False and loops["questions"]["q2"]["message"]


def test_real_student_notebook_scores_zero_and_its_solution_full_marks(tmp_path):
    subs = tmp_path / "subs"
    subs.mkdir()
    shutil.copyfile(REPO / "exercises" / "01_ch1_activations.ipynb", subs / "student.ipynb")
    shutil.copyfile(REPO / "exercises" / "source" / "01_ch1_activations.ipynb", subs / "solution.ipynb")
    # through the command line that `make grade` calls (it builds the hidden tests first when needed)
    from dlcourse.exercises.__main__ import main

    assert main(["grade", str(subs), "--out", str(tmp_path / "grades"), "--time-limit", "120"]) == 0
    table = {row["submission"]: row for row in json.loads((tmp_path / "grades" / "scores.json").read_text())}
    student, solution = table["student.ipynb"], table["solution.ipynb"]
    assert (student["assignment"], student["status"], student["score"], student["possible"]) == (
        "01_ch1_activations", "graded", 0.0, 5.0)
    assert all("NotImplementedError" in q["message"] or "still" in q["message"] for q in student["questions"].values())
    assert (solution["status"], solution["score"]) == ("graded", 5.0), solution["questions"]
