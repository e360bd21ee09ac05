"""The judge's two question kinds of issue 17: "NumPy only", enforced by a sandbox without the frameworks
and without the course's chapter modules, and written questions, collected for grading by hand.

A fixture exercise (``00_kinds``) has a NumPy-only question answered honestly and three ways around the
rule (PyTorch, SciPy, the course's own ``dlcourse.cnn``), a framework question that may use PyTorch, and a
written question.
"""
from __future__ import annotations

import csv
import json
import textwrap
from pathlib import Path

import nbformat
import pytest

from dlcourse.exercises import grade, judge, sandbox

REPO = Path(__file__).resolve().parents[2]

QUESTIONS = '''
"""Fixture questions of the kinds test."""
import numpy as np
from dlcourse.exercises import expect
from dlcourse.exercises.questions import question, written

NUMPY_ONLY = True
ANSWERS = ["double", "count", "framework_sum"]

@question("q1", time_limit=10)
def q1(student, rng):
    x = rng.normal(size=4)
    expect.array(student.call("double", x), 2.0 * x, "double(x)")

@question("q2", time_limit=10)
def q2(student, rng):
    expect.integer(student.call("count", 1, 1, 3), 10, "count(1, 1, 3)")

@question("q3", time_limit=30, numpy_only=False)
def q3(student, rng):
    x = rng.normal(size=3)
    expect.scalar(student.call("framework_sum", x), float(x.sum()), "framework_sum(x)")

written("w1")
'''

SETUP = 'import numpy as np\nfrom dlcourse.exercises.student import notebook_grader\ngrader = notebook_grader("00_kinds", ["q1", "q2", "q3"])'
FRAMEWORK = "def framework_sum(x):\n    import torch\n    return float(torch.tensor(x).sum())"
PROMPT = "<!-- BEGIN QUESTION -->\n\n## Written question 1 (w1): why?\n\nExplain."
END = "<!-- END QUESTION -->"


def _notebook(cells: list[tuple[str, str]]) -> str:
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell(text) if kind == "md" else nbformat.v4.new_code_cell(text)
                for kind, text in cells]
    return nbformat.writes(nb)


SUBMISSIONS = {
    "honest": [("code", SETUP), ("code", "def double(x):\n    return 2.0 * x"),
               ("code", "def count(i, o, k):\n    return (k * k * i + 1) * o"), ("code", FRAMEWORK),
               ("md", PROMPT), ("md", "Because the chain rule adds paths."), ("md", END)],
    "torch_in_numpy_question": [("code", SETUP), ("code", "import torch\ndef double(x):\n    return (2 * torch.tensor(x)).numpy()"),
                                ("code", "def count(i, o, k):\n    return (k * k * i + 1) * o"), ("code", FRAMEWORK),
                                ("md", PROMPT), ("md", "_Type your answer here, replacing this text._"), ("md", END)],
    "scipy_and_course_module": [("code", SETUP), ("code", textwrap.dedent('''
        def double(x):
            import scipy.ndimage
            return scipy.ndimage.zoom(x, 1) * 2.0''')),
                                ("code", "from dlcourse.cnn import conv2d_parameters as count"), ("code", FRAMEWORK)],
    "other_site_packages": [("code", SETUP), ("code", textwrap.dedent('''
        import glob, sys
        sys.path += sorted(set(glob.glob("/root/.pyenv/versions/*/lib/python3*/site-packages")
                               + glob.glob("/usr/lib/python3*/*-packages") + glob.glob("/usr/local/lib/python3*/*-packages")
                               + glob.glob(sys.base_prefix + "/lib/python3*/site-packages")))
        def double(x):
            import scipy
            return x * 2.0''')),
                            ("code", "def count(i, o, k):\n    import sympy\n    return int(sympy.Integer((k * k * i + 1) * o))"),
                            ("code", FRAMEWORK)],
}
EXPECTED = {"honest": [1, 1, 1], "torch_in_numpy_question": [0, 1, 1], "scipy_and_course_module": [0, 0, 1],
            "other_site_packages": [0, 0, 1]}


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    if not sandbox.available():
        pytest.skip("bubblewrap is not installed (apt-get install bubblewrap)")
    root = tmp_path_factory.mktemp("kinds")
    (root / "questions").mkdir()
    (root / "questions" / "00_kinds.py").write_text(QUESTIONS)
    folder = root / "submissions" / "00_kinds"
    folder.mkdir(parents=True)
    for name, cells in SUBMISSIONS.items():
        (folder / f"{name}.ipynb").write_text(_notebook(cells))
    results = grade.grade(root / "submissions", root / "out", root / "questions", jobs=2,
                          limits=judge.Limits(run=60, cell=20), verbose=False)
    return {r["submission"].split("/")[-1].removesuffix(".ipynb"): r for r in results}, root


@pytest.mark.parametrize("name", list(SUBMISSIONS))
def test_numpy_only_questions_cannot_use_frameworks_or_the_course_modules(graded, name):
    result = graded[0][name]
    assert [result["questions"][q]["score"] for q in ("q1", "q2", "q3")] == EXPECTED[name], result
    for q in ("q1", "q2"):
        if not result["questions"][q]["passed"]:
            assert "NumPy only" in result["questions"][q]["message"] or "not defined" in result["questions"][q]["message"], result


def test_the_framework_question_of_the_same_notebook_may_use_pytorch(graded):
    assert all(r["questions"]["q3"]["passed"] for r in graded[0].values())


def test_written_answers_are_collected_to_grade_by_hand_and_not_scored(graded):
    results, root = graded
    honest, blank, missing = results["honest"], results["torch_in_numpy_question"], results["scipy_and_course_module"]
    assert honest["score"] == honest["possible"] == 3 and honest["to_grade_by_hand"] == 1
    w1 = honest["questions"]["w1"]
    assert w1["manual"] and w1["score"] == 0 and w1["answer"] == "Because the chain rule adds paths."
    assert w1["message"] == "to grade by hand"
    assert blank["questions"]["w1"]["answer"] == "" and "no answer written" in blank["questions"]["w1"]["message"]
    assert "prompt is not in the notebook" in missing["questions"]["w1"]["message"]
    rows = {r["submission"]: r for r in csv.DictReader((root / "out" / "scores.csv").open())}
    assert rows["00_kinds/honest.ipynb"]["w1"] == "hand" and rows["00_kinds/torch_in_numpy_question.ipynb"]["w1"] == "hand (blank)"
    sheet = (root / "out" / "written" / "00_kinds.md").read_text()
    assert "## w1" in sheet and "Because the chain rule adds paths." in sheet and "### 00_kinds/honest.ipynb" in sheet


def test_written_answers_are_read_from_student_and_source_notebooks(tmp_path):
    student = nbformat.v4.new_notebook()
    student.cells = [nbformat.v4.new_markdown_cell(PROMPT), nbformat.v4.new_markdown_cell("First part."),
                     nbformat.v4.new_markdown_cell("Second part."), nbformat.v4.new_markdown_cell(END),
                     nbformat.v4.new_markdown_cell("## Written question 2 (w2): other\n\nMore."),
                     nbformat.v4.new_markdown_cell("_Type your answer here, replacing this text._"),
                     nbformat.v4.new_code_cell("x = 1"), nbformat.v4.new_markdown_cell("not an answer")]
    source = nbformat.v4.new_notebook()
    source.cells = [nbformat.v4.new_raw_cell("# BEGIN QUESTION\nname: w1\nmanual: true"),
                    nbformat.v4.new_markdown_cell("## Written question 1 (w1): why?"),
                    nbformat.v4.new_raw_cell("# BEGIN SOLUTION"), nbformat.v4.new_markdown_cell("*Model answer.* Yes."),
                    nbformat.v4.new_raw_cell("# END SOLUTION"), nbformat.v4.new_raw_cell("# END QUESTION"),
                    nbformat.v4.new_markdown_cell("After the question.")]
    (tmp_path / "s.ipynb").write_text(nbformat.writes(student))
    (tmp_path / "o.ipynb").write_text(nbformat.writes(source))
    (tmp_path / "bad.ipynb").write_bytes(b"\xff not json")
    assert judge.written_answers(tmp_path / "s.ipynb", ["w1", "w2", "w3"]) == {
        "w1": "First part.\n\nSecond part.", "w2": "", "w3": None}
    assert judge.written_answers(tmp_path / "o.ipynb", ["w1"]) == {"w1": "*Model answer.* Yes."}
    assert judge.written_answers(tmp_path / "bad.ipynb", ["w1"]) == {"w1": None}


def test_every_course_notebook_has_the_prompt_of_each_written_question():
    from dlcourse.exercises import questions

    for stem, exercise in questions.load_all(REPO / "grading").items():
        assert len(exercise.written) >= 2, stem
        for notebook in (REPO / "exercises" / f"{stem}.ipynb", REPO / "exercises" / "source" / f"{stem}.ipynb"):
            found = judge.written_answers(notebook, [q.name for q in exercise.written])
            assert None not in found.values(), (notebook, found)
        student = judge.written_answers(REPO / "exercises" / f"{stem}.ipynb", [q.name for q in exercise.written])
        assert set(student.values()) == {""}, (stem, "the student notebook must hold no model answer")


def test_the_restricted_sandbox_lacks_the_frameworks_but_keeps_the_worker():
    if not sandbox.available():
        pytest.skip("bubblewrap is not installed")
    import sys
    import sysconfig

    args = sandbox.restricted_mounts()
    bound = {Path(args[i + 1]).name for i, a in enumerate(args) if a == "--ro-bind"}
    assert {"numpy", "IPython", "nbformat", "exercises", "config.py", "data"} <= bound
    assert not bound & {"torch", "scipy", "sklearn", "tensorflow", "keras", "sympy", "cnn.py", "apps", "nn.py"}
    covered = {args[i + 1] for i, a in enumerate(args) if a == "--tmpfs"}
    base = sysconfig.get_paths(vars={"base": sys.base_prefix, "platbase": sys.base_prefix})["purelib"]
    for folder in (sysconfig.get_paths()["purelib"], base):
        assert not Path(folder).is_dir() or folder in covered, folder


KERAS_QUESTIONS = '''
"""Fixture: a Keras question, graded under the sandbox's default limits."""
import numpy as np
from dlcourse.exercises import expect
from dlcourse.exercises.questions import question

ANSWERS = ["keras_fit"]

@question("q1", numpy_only=False, time_limit=60)
def q1(student, rng):
    x = rng.normal(size=(96, 3))
    got = student.call("keras_fit", x, x @ np.array([1.0, -2.0, 0.5]))
    if not isinstance(got, tuple) or len(got) != 3:
        raise expect.Wrong(f"expected (losses, threads, intra-op setting), got {expect.describe(got)}")
    losses, threads, intra = got
    if not losses[-1] < 0.5 * losses[0]:
        raise expect.Wrong(f"Keras did not train: losses {losses}")
    if threads > 16 or intra != "1":
        raise expect.Wrong(f"{threads} threads in the worker, TF_NUM_INTRAOP_THREADS={intra!r}")
'''

KERAS_SUBMISSION = '''
from dlcourse import config
config.setup(seed=0, keras=True)
import os
import keras
import numpy as np


def keras_fit(x, y):
    model = keras.Sequential([keras.Input(shape=(x.shape[1],)), keras.layers.Dense(16, activation="relu"),
                              keras.layers.Dense(1)])
    model.compile(optimizer=keras.optimizers.SGD(learning_rate=0.05), loss="mse")
    history = model.fit(x, y, epochs=8, batch_size=16, shuffle=False, verbose=0)
    threads = int(next(line for line in open("/proc/self/status") if line.startswith("Threads")).split()[1])
    return [float(v) for v in history.history["loss"]], threads, os.environ.get("TF_NUM_INTRAOP_THREADS")
'''


def test_keras_imports_and_trains_in_the_sandbox_under_its_default_limits(tmp_path):
    """Exercise 5's Keras question runs TensorFlow in the unrestricted sandbox: it must fit in the default
    address-space limit (3 GiB) and process limit, with TensorFlow's thread pools kept to one thread each
    whatever the machine's cores (sandbox.environment), so that no question needs larger limits."""
    if not sandbox.available():
        pytest.skip("bubblewrap is not installed")
    from dlcourse.exercises import questions

    assert judge.Limits().sandbox == sandbox.Limits() and sandbox.Limits().memory == 3 << 30
    (tmp_path / "00_keras.py").write_text(KERAS_QUESTIONS)
    notebook = tmp_path / "submission.ipynb"
    notebook.write_text(_notebook([("code", KERAS_SUBMISSION)]))
    result = judge.judge(notebook, questions.load(tmp_path / "00_keras.py"))
    assert result["questions"]["q1"]["passed"], result
    assert result["status"] == "graded" and not result["notes"], result
