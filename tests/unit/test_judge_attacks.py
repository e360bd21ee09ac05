"""The judge against an adversarial class (issue 14): every bad input of the issue is a submission here.

A tiny exercise (``00_fixture``: ``double(x)``, ``halve(x)``, ``answer``) has its judge's questions in a
temporary folder. One ``grade`` run (two jobs, so cheats run beside honest submissions) grades an honest
submission, an untouched one, and one submission per attack. Each attack also answers some questions
honestly: the test checks that grading completed, that the cheat earned exactly what its honest answers
earn, that the result says what happened, and that every other submission's score is what it should be.
"""
from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import nbformat
import pytest

from dlcourse.exercises import grade, judge, sandbox

REPO = Path(__file__).resolve().parents[2]
TOKEN = "SECRET_" + "5e1f0a"  # only in the fixture's question file; built here so the test file lacks it whole
pytestmark = pytest.mark.skipif(not sandbox.available(), reason="bubblewrap is not installed (apt-get install bubblewrap)")

QUESTIONS = f'''
"""Fixture questions. {TOKEN}"""
import numpy as np
from dlcourse.exercises import expect
from dlcourse.exercises.questions import question

ANSWERS = ["double", "halve", "answer"]

@question("q1", time_limit=4)
def q1(student, rng):
    x = rng.normal(size=int(rng.integers(2, 6)))
    expect.array(student.call("double", x), 2.0 * x, "double(x)")

@question("q2", time_limit=4)
def q2(student, rng):
    x = rng.normal(size=(2, 3))
    expect.array(student.call("halve", x), x / 2.0, "halve(x)")

@question("q3", time_limit=4)
def q3(student, rng):
    expect.integer(student.get("answer"), 42, "answer")  # {TOKEN}
'''

SETUP = 'import numpy as np\nfrom dlcourse.exercises.student import notebook_grader\ngrader = notebook_grader("00_fixture", ["q1", "q2", "q3"])'
DOUBLE = "def double(x):\n    return 2.0 * x"
HALVE = "def halve(x):\n    return x / 2.0"
ANSWER = "answer = 42"
HONEST = [SETUP, DOUBLE, HALVE, ANSWER]

# name: (cells, expected scores per question, words expected in the result's messages or notes)
ATTACKS = {
    "honest": (HONEST, [1, 1, 1], []),
    "untouched": ([SETUP, "def double(x):\n    raise NotImplementedError('Replace this line with your code.')",
                   "def halve(x):\n    ...", "answer = ..."], [0, 0, 0], ["NotImplementedError", "ellipsis"]),
    "monkeypatch": (HONEST[:3] + [textwrap.dedent('''
        import doctest, numpy
        import dlcourse.exercises.checks as checks
        numpy.allclose = lambda *a, **k: True
        numpy.testing.assert_allclose = lambda *a, **k: None
        for name in checks.__all__:
            setattr(checks, name, lambda *a, **k: None)
        doctest.DocTestRunner.run = lambda self, *a, **k: doctest.TestResults(0, 1)
        try:
            import dlcourse.exercises.expect as expect
            expect.array = expect.integer = lambda *a, **k: None
        except ImportError:
            pass
        answer = 41''')], [1, 1, 0], ["expected 42, got 41"]),
    "forged_messages": ([SETUP, "def double(x):\n    return x", HALVE, ANSWER, textwrap.dedent('''
        import json, os, struct
        def frame(header, blob=b""):
            header = dict(header, blobs=[len(blob)] if blob else [])
            text = json.dumps(header).encode()
            return struct.pack(">I", len(text)) + text + blob
        fakes = [frame({"id": i, "nonce": "0" * 32, "value": {"t": "int", "v": "1000"}}) for i in range(1, 20)]
        fakes += [frame({"event": "result", "question": "q1", "score": 1000}),
                  frame({"event": "done"}), frame({"id": 2, "nonce": "x"}, b"y" * 5_000_000)]
        for fd in range(3, 64):
            for fake in fakes:
                try:
                    os.write(fd, fake)
                except OSError:
                    break''')], [0, 1, 1], ["messages from the submission's process answered no request"]),
    "broken_channel": ([SETUP, DOUBLE, textwrap.dedent('''
        import os
        def halve(x):
            for fd in range(3, 64):
                try:
                    os.write(fd, b"\\xff" * 64)
                except OSError:
                    pass
            return x / 2.0'''), ANSWER], [1, 0, 1], ["broke the protocol", "fresh sandbox"]),
    "snoop": ([SETUP, textwrap.dedent(f'''
        import glob, os, sys, select
        TOKEN = "SECRET_" + "5e1f0a"
        found = []
        def look(path):
            try:
                if not os.path.isfile(path):
                    return
                with open(path, "rb") as handle:
                    text = handle.read(2_000_000)
                    if TOKEN.encode() in text or b"ANSWERS" + b" = [" in text:
                        found.append(path)
            except (OSError, ValueError):
                pass
        for top in ["/work", "/root", "/home", "/tmp", "/var", "/srv", "/mnt", "/opt", "{REPO}", "{REPO / 'grading'}"]:
            for folder, dirs, files in os.walk(top):
                dirs[:] = [d for d in dirs if not d.startswith("python3")]  # the installed packages, as on the host
                for name in files:
                    look(os.path.join(folder, name))
        for path in glob.glob("/proc/*/environ") + glob.glob("/proc/*/cmdline") + glob.glob("/proc/*/fd/*"):  # files only
            look(path)
        found += [k for k, v in os.environ.items() if TOKEN in v or "grading" in v]
        for fd in range(0, 64):
            try:
                if select.select([fd], [], [], 0)[0] and TOKEN.encode() in os.read(fd, 1 << 20):
                    found.append(f"fd {{fd}}")
            except (OSError, ValueError):
                pass
        def double(x):
            return 2.0 * x if not found else x'''), HALVE, ANSWER], [1, 1, 1], []),
    "shadowed_builtins": ([SETUP, textwrap.dedent('''
        class AlwaysEqual:
            def __eq__(self, other): return True
            def __ne__(self, other): return False
            def __int__(self): return 42
            def __index__(self): return 42
        int = float = lambda *a: AlwaysEqual()
        np = AlwaysEqual()
        answer = AlwaysEqual()
        def double(x):
            return [2.0 * v for v in x]'''), HALVE], [0, 1, 0], ["AlwaysEqual", "got list"]),
    "subclasses": ([SETUP, textwrap.dedent('''
        class Sneaky(np.ndarray):
            def __eq__(self, other): return np.ones(np.shape(other), bool)
        class TrueInt(int):
            def __eq__(self, other): return True
        class TrueFloat(float):
            def __eq__(self, other): return True
        def double(x):
            return (2.0 * x).view(Sneaky)
        def halve(x):
            return TrueFloat(0.0)
        answer = TrueInt(7)''')], [0, 0, 0], ["Sneaky", "TrueFloat", "TrueInt"]),
    "threads_and_trace": (HONEST[:3] + [textwrap.dedent('''
        import sys, threading, time, doctest, numpy
        def patch():
            while True:
                numpy.allclose = lambda *a, **k: True
                doctest.DocTestRunner.run = lambda self, *a, **k: doctest.TestResults(0, 1)
                time.sleep(0.001)
        threading.Thread(target=patch, daemon=True).start()
        def tracer(frame, event, arg):
            if event == "return" and frame.f_code.co_name in ("integer", "array"):
                return None
            return tracer
        sys.settrace(tracer)
        threading.settrace(tracer)
        answer = 41''')], [1, 1, 0], ["expected 42, got 41"]),
    "fork_bomb_and_survivor": (HONEST + [textwrap.dedent('''
        import os, subprocess
        subprocess.Popen(["sleep", "1234.5"], start_new_session=True)
        if os.fork() == 0:
            os.setsid()
            while True:
                try:
                    os.fork()
                except OSError:
                    pass''')], [1, 1, 1], []),
    "killer": (HONEST + [textwrap.dedent('''
        import os, signal
        for pid in range(2, 40000):  # every process but its own (its threads' ids would kill itself)
            if not os.path.exists(f"/proc/self/task/{pid}"):
                try:
                    os.kill(pid, signal.SIGKILL)
                except OSError:
                    pass
        try:
            os.kill(-1, signal.SIGKILL)
        except OSError:
            pass''')], [1, 1, 1], []),
    "memory": ([SETUP, "def double(x):\n    block = bytearray(8 << 30)\n    return 2.0 * x", HALVE, ANSWER,
                "try:\n    hog = np.ones(8 << 30, dtype=np.uint8)\nexcept MemoryError:\n    pass"], [0, 1, 1], ["MemoryError"]),
    "endless_loop": ([SETUP, "def double(x):\n    while True:\n        pass", HALVE, ANSWER,
                      "while True:\n    pass"], [0, 1, 1], ["time limit", "stopped after"]),
    "output_flood": (HONEST + ["import os, sys\nprint('x' * 100_000_000)\nsys.__stdout__.write('y' * 10_000_000)\n"
                               "os.write(1, b'z' * 10_000_000)\nos.write(2, b'z' * 10_000_000)"], [1, 1, 1], ["printed"]),
    "network": ([SETUP, textwrap.dedent('''
        import socket, urllib.request
        reached = []
        for host, port in [("1.1.1.1", 53), ("8.8.8.8", 443), ("10.0.2.2", 22), ("pypi.org", 443)]:
            try:
                socket.create_connection((host, port), timeout=1).close()
                reached.append(host)
            except OSError:
                pass
        def double(x):
            return 2.0 * x if not reached else x'''), HALVE, ANSWER], [1, 1, 1], []),
    "writer": ([SETUP, textwrap.dedent(f'''
        import os, sys, numpy, dlcourse
        written = []
        targets = [os.path.join(os.path.dirname(dlcourse.__file__), "exercises", "expect.py"),
                   os.path.join(os.path.dirname(numpy.__file__), "__init__.py"),
                   os.path.join(sys.prefix, "pyvenv.cfg"), "/tmp/data/mnist/train-labels-idx1-ubyte.gz",
                   "{REPO / 'grading' / 'pwned.py'}", "/etc/passwd"]
        for target in targets:
            try:
                with open(target, "a") as handle:
                    handle.write("# pwned")
                written.append(target)
            except OSError:
                pass
        def double(x):
            return 2.0 * x if not written else x'''), HALVE, ANSWER], [1, 1, 1], []),
}


def _notebook(cells: list[str], declared: str | None = None) -> str:
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(c) for c in cells]
    if declared:
        nb.metadata["otter"] = {"assignment_name": declared}
    return nbformat.writes(nb)


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    root = tmp_path_factory.mktemp("judge")
    questions = root / "questions"
    questions.mkdir()
    (questions / "00_fixture.py").write_text(QUESTIONS)
    folder = root / "submissions" / "00_fixture"
    folder.mkdir(parents=True)
    for name, (cells, _, _) in ATTACKS.items():
        (folder / f"{name}.ipynb").write_text(_notebook(cells))
    chapter1 = REPO / "exercises" / "source" / "01_ch1_activations.ipynb"
    (folder / "wrong_exercise.ipynb").write_bytes(chapter1.read_bytes())
    (folder / "unreadable.ipynb").write_bytes(b"\x00\x01 this is not json")
    (folder / "empty.ipynb").write_text(_notebook([]))
    before = {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.iterdir()}
    protected = {p: hashlib.sha256(p.read_bytes()).hexdigest()
                 for p in [REPO / "dlcourse" / "exercises" / "expect.py", Path(sys.prefix) / "pyvenv.cfg"]}
    limits = judge.Limits(run=40, cell=3)
    started = time.monotonic()
    results = grade.grade(root / "submissions", root / "out", questions, jobs=2, limits=limits, verbose=False)
    seconds = time.monotonic() - started
    return {r["submission"].split("/")[-1].removesuffix(".ipynb"): r for r in results}, root, before, protected, seconds


@pytest.mark.parametrize("name", list(ATTACKS))
def test_each_attack_earns_exactly_its_honest_answers_and_says_what_happened(graded, name):
    results = graded[0]
    cells, expected, words = ATTACKS[name]
    result = results[name]
    scores = [result["questions"][q]["score"] for q in ("q1", "q2", "q3")]
    assert scores == expected, (name, result)
    said = json.dumps(result)
    for word in words:
        assert word in said, (name, word, result)


def test_every_submission_was_graded_and_scores_were_written(graded):
    results, root, _, _, seconds = graded
    assert set(results) == set(ATTACKS) | {"wrong_exercise", "unreadable", "empty"}
    rows = (root / "out" / "scores.csv").read_text().splitlines()
    assert len(rows) == len(results) + 1 and rows[0].startswith("submission,exercise,score,possible,status,q1,q2,q3")
    assert len(json.loads((root / "out" / "scores.json").read_text())) == len(results)
    assert len(list((root / "out" / "results").glob("*.json"))) == len(results)


def test_wrong_exercise_is_graded_as_filed_and_reported(graded):
    result = graded[0]["wrong_exercise"]
    assert result["exercise"] == "00_fixture" and result["declared"] == "01_ch1_activations"
    assert result["score"] == 0 and "graded as 00_fixture, as the instructor filed it" in result["notes"][0]


def test_unreadable_and_empty_notebooks_score_zero_with_the_reason(graded):
    unreadable, empty = graded[0]["unreadable"], graded[0]["empty"]
    assert unreadable["status"] == "unreadable" and unreadable["score"] == 0
    assert "not a readable notebook" in unreadable["notes"][-1]
    assert empty["status"] == "empty" and empty["score"] == 0 and "no code" in empty["notes"][-1]


def test_submissions_package_and_environment_are_unchanged(graded):
    _, _, before, protected, _ = graded
    for path, digest in {**before, **protected}.items():
        assert hashlib.sha256(path.read_bytes()).hexdigest() == digest, path
    assert not (REPO / "grading" / "pwned.py").exists()


def test_no_process_of_a_submission_survives_it(graded):
    leftovers = []
    for entry in os.listdir("/proc"):
        try:
            with open(f"/proc/{entry}/cmdline", "rb") as handle:
                if b"1234.5" in handle.read():
                    leftovers.append(entry)
        except OSError:
            pass
    assert not leftovers


def test_a_killed_grader_keeps_what_it_graded_and_resumes(tmp_path):
    questions = tmp_path / "questions"
    questions.mkdir()
    (questions / "00_fixture.py").write_text(QUESTIONS)
    folder = tmp_path / "subs"
    folder.mkdir()
    for index in range(3):
        (folder / f"s{index}.ipynb").write_text(_notebook(HONEST + [f"# {index}"]))
    out = tmp_path / "out"
    cmd = [sys.executable, "-m", "dlcourse.exercises", "grade", str(folder), "--out", str(out), "--questions",
           str(questions), "--exercise", "00_fixture", "--jobs", "1"]
    process = subprocess.Popen(cmd, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not (out.exists() and list((out / "results").glob("*.json"))):
        time.sleep(0.05)
    process.kill()
    process.wait()
    first = {p.name: p.stat().st_mtime_ns for p in (out / "results").glob("*.json")}
    assert 1 <= len(first) < 3
    rows = (out / "scores.csv").read_text().splitlines()  # rewritten atomically just after each result
    assert rows[0].startswith("submission,exercise") and len(first) <= len(rows) <= len(first) + 1
    done = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "already graded" in done.stdout
    again = {p.name: p.stat().st_mtime_ns for p in (out / "results").glob("*.json")}
    assert len(again) == 3 and all(again[name] == mtime for name, mtime in first.items())
    scores = json.loads((out / "scores.json").read_text())
    assert [s["score"] for s in scores] == [3.0, 3.0, 3.0]


def test_grading_needs_the_instructor_to_say_which_exercise(tmp_path):
    (tmp_path / "loose.ipynb").write_text(_notebook(HONEST))
    with pytest.raises(ValueError, match="say which exercise"):
        grade.collect(tmp_path, ["00_fixture"])
    roster = tmp_path / "roster.csv"
    roster.write_text("submission,exercise\nloose.ipynb,00_fixture\n")
    assert grade.collect(tmp_path, ["00_fixture"], roster=roster) == [(tmp_path / "loose.ipynb", "00_fixture")]
    roster.write_text("submission,exercise\n../elsewhere.ipynb,00_fixture\n")
    with pytest.raises(ValueError, match="not inside"):
        grade.collect(tmp_path, ["00_fixture"], roster=roster)
