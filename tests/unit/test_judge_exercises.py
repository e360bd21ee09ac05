"""The judge on the course's own exercises, its wire format, and the student bundle (issue 14)."""
from __future__ import annotations

import io
import json
import pickle
import shutil
import struct
from pathlib import Path

import numpy as np
import pytest

from dlcourse.exercises import grade, protocol, questions, release, sandbox

REPO = Path(__file__).resolve().parents[2]
STEMS = sorted(p.stem for p in (REPO / "exercises" / "source").glob("[0-9]*.ipynb"))


def test_every_exercise_has_the_judges_questions_for_every_question_of_its_notebook():
    from dlcourse.exercises import build
    import nbformat

    exercises = questions.load_all(REPO / "grading")
    assert sorted(exercises) == STEMS
    for stem in STEMS:
        _, named = build.setup_questions(nbformat.read(REPO / "exercises" / f"{stem}.ipynb", as_version=4))
        assert [q.name for q in exercises[stem].graded] == named, stem
        assert len(named) >= 5 and len(exercises[stem].written) >= 2, stem
        assert exercises[stem].answers


@pytest.mark.skipif(not sandbox.available(), reason="bubblewrap is not installed (apt-get install bubblewrap)")
def test_solutions_score_full_marks_and_untouched_notebooks_zero(tmp_path):
    subs = tmp_path / "subs"
    for stem in STEMS:
        (subs / stem).mkdir(parents=True)
        shutil.copyfile(REPO / "exercises" / "source" / f"{stem}.ipynb", subs / stem / "solution.ipynb")
        shutil.copyfile(REPO / "exercises" / f"{stem}.ipynb", subs / stem / "untouched.ipynb")
    from dlcourse.exercises.__main__ import main

    assert main(["grade", str(subs), "--out", str(tmp_path / "grades")]) == 0  # what `make grade` runs
    table = {row["submission"]: row for row in json.loads((tmp_path / "grades" / "scores.json").read_text())}
    assert len(table) == 2 * len(STEMS)
    for stem in STEMS:
        solution, untouched = table[f"{stem}/solution.ipynb"], table[f"{stem}/untouched.ipynb"]
        assert solution["score"] == solution["possible"] >= 5, solution
        assert solution["to_grade_by_hand"] >= 2 and solution["status"] == "graded", solution
        assert untouched["score"] == 0 and untouched["status"] == "graded", untouched
        for name, q in untouched["questions"].items():
            if q.get("manual"):
                assert q["message"] == "to grade by hand: no answer written" and q["answer"] == "", q
                assert solution["questions"][name]["answer"].startswith("*Model answer"), solution["questions"][name]
            else:
                assert any(w in q["message"] for w in ("NotImplementedError", "ellipsis", "not defined")), q


def _roundtrip(value):
    blobs: list[bytes] = []
    node = protocol.encode(value, blobs)
    return protocol.decode(json.loads(json.dumps(node)), blobs)


def test_plain_values_cross_exactly():
    value = {"a": [1, 2.5, float("nan"), None, True, "x"], "b": (np.arange(6).reshape(2, 3).T, np.float32(1.5))}
    back = _roundtrip(value)
    assert back["a"][:2] == [1, 2.5] and np.isnan(back["a"][2]) and back["a"][3:] == [None, True, "x"]
    assert isinstance(back["b"], tuple) and back["b"][0].dtype == np.int64 and back["b"][0].shape == (3, 2)
    assert type(back["b"][1]) is np.float32 and back["b"][1] == 1.5


def test_subclasses_objects_and_object_arrays_arrive_as_their_type_name_only():
    class Sneaky(np.ndarray):
        pass

    class TrueFloat(float):
        def __eq__(self, other):
            return True

    for value, name in [(np.zeros(3).view(Sneaky), "Sneaky"), (TrueFloat(1.0), "TrueFloat"),
                        (np.array([1, "a"], dtype=object), "array of dtype object"), (object(), "object")]:
        back = _roundtrip(value)
        assert isinstance(back, protocol.Other) and name in back.type_name


@pytest.mark.parametrize("node, blobs", [
    ({"t": "ndarray", "b": 0}, [pickle.dumps([1, 2])]),
    ({"t": "ndarray", "b": 0}, [b"\x93NUMPY garbage"]),
    ({"t": "ndarray", "b": 3}, []),
    ({"t": "pickle", "v": "x"}, []),
    ({"t": "int", "v": "1" * 20_000}, []),
    ({"t": "list", "v": [{"t": "none"}] * 20_000}, []),
    ({"t": "fn", "name": "sum_squares"}, []),
    ("not a node", []),
])
def test_malformed_values_are_rejected(node, blobs):
    buffer = io.BytesIO()
    np.save(buffer, np.array([1, "a"], dtype=object), allow_pickle=True)
    with pytest.raises(protocol.ProtocolError):
        protocol.decode(node, blobs)
    with pytest.raises(protocol.ProtocolError):
        protocol.decode({"t": "ndarray", "b": 0}, [buffer.getvalue()])


def test_reader_rejects_oversized_and_malformed_frames():
    big = protocol.pack({"id": 1}, [b"x" * 2000])
    with pytest.raises(protocol.ProtocolError, match="limit"):
        protocol.Reader(io.BytesIO(big), max_message=1000, max_total=10_000).read()
    with pytest.raises(protocol.ProtocolError, match="in all"):
        protocol.Reader(io.BytesIO(big), max_message=10_000, max_total=1000).read()
    with pytest.raises(protocol.ProtocolError, match="header"):
        protocol.Reader(io.BytesIO(struct.pack(">I", 1 << 30)), 10, 1 << 40).read()
    with pytest.raises(protocol.ProtocolError, match="JSON"):
        protocol.Reader(io.BytesIO(struct.pack(">I", 3) + b"\xff\xfe{"), 10, 100).read()
    with pytest.raises(EOFError):
        protocol.Reader(io.BytesIO(big[:20]), 10_000, 10_000).read()
    header, blobs = protocol.Reader(io.BytesIO(big), 10_000, 10_000).read()
    assert header["id"] == 1 and blobs == [b"x" * 2000]


def test_release_holds_no_answers_and_imports(tmp_path):
    files = release.release(tmp_path / "bundle")
    names = {p.relative_to(tmp_path / "bundle").as_posix() for p in files}
    assert {f"exercises/{stem}.ipynb" for stem in STEMS} <= names
    assert not [n for n in names if n.startswith(("grading", "exercises/source")) or "judge" in n or "nn.py" in n]
    (tmp_path / "bundle" / "dlcourse" / "leak.py").write_text("def conv2d(x, k):\n    return x\n")
    with pytest.raises(ValueError, match="conv2d"):
        release.check(tmp_path / "bundle", questions.load_all(REPO / "grading"))


def test_missing_bubblewrap_is_a_clear_error(monkeypatch, capsys, tmp_path):
    from dlcourse.exercises.__main__ import main

    monkeypatch.setattr(sandbox, "_AVAILABLE", [False])
    assert main(["grade", str(tmp_path), "--out", str(tmp_path / "g")]) == 2
    assert "apt-get install bubblewrap" in capsys.readouterr().err
