"""How an instructor writes the judge's questions, and how the judge finds them.

Taught on the book's *Exercises* pages (``exercises/index.md``, "For instructors"). Each exercise has one
Python file in the instructor's question folder (``grading/`` in the course repository, never given to
students), named like its notebook, e.g. ``grading/01_ch1_activations.py``. It holds the reference
solutions and one function per question, registered with :func:`question`::

    from dlcourse.exercises import expect
    from dlcourse.exercises.questions import question

    def _relu_derivative(z):                      # the reference answer, kept in the judge's process
        return (z > 0).astype(float)

    @question("q2")
    def q2(student, rng):
        z = rng.normal(size=(3, 4, 2))            # drawn at grading time, seeded per submission
        expect.array(student.call("relu_derivative", z), _relu_derivative(z), "relu_derivative(z)")

The function runs in the judge. ``student.call(name, *args)`` calls the submission's function in its
sandbox and returns the result as plain data; ``student.get(name)`` reads a variable. A question that
returns earns its points; one that raises :class:`~dlcourse.exercises.expect.Wrong` earns none (all or
nothing), with the message.

Two kinds of question besides that:

* **NumPy only.** A file that sets ``NUMPY_ONLY = True`` (or a question registered with
  ``numpy_only=True``) is answered by a sandbox in which only NumPy and the standard library can be
  imported: no PyTorch, TensorFlow, Keras, SciPy, scikit-learn or SymPy, and no module of the course's
  package beyond ``config``, ``data`` and ``exercises`` (they implement several of the answers). A
  question with ``numpy_only=False`` in such a file is answered by a second, unrestricted sandbox.
* **Written questions**, registered with :func:`written` (no check function): the judge copies the
  student's markdown answer into the results and reports it "to grade by hand"; it never scores it.
"""
from __future__ import annotations

import hashlib
import importlib.util
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

_REGISTRY: list["Question"] = []


@dataclass
class Question:
    name: str
    check: Callable
    points: float = 1.0
    time_limit: float = 20.0       # seconds for all of this question's requests to the sandbox
    numpy_only: bool | None = None  # None: the file's NUMPY_ONLY
    manual: bool = False           # a written answer, graded by hand


@dataclass
class Exercise:
    stem: str
    path: Path
    questions: list[Question] = field(default_factory=list)
    answers: list[str] = field(default_factory=list)   # the names the notebook defines; release checks them

    @property
    def graded(self) -> list[Question]:
        """The questions the judge scores (not the written ones)."""
        return [q for q in self.questions if not q.manual]

    @property
    def written(self) -> list[Question]:
        return [q for q in self.questions if q.manual]

    @property
    def version(self) -> str:
        """Changes when the question file changes: results graded by another version are graded again."""
        return hashlib.sha256(self.path.read_bytes()).hexdigest()[:16]


def question(name: str, points: float = 1.0, time_limit: float = 20.0, numpy_only: bool | None = None):
    """Register the decorated ``check(student, rng)`` as question ``name`` of the file being loaded."""
    def register(check):
        _REGISTRY.append(Question(name, check, float(points), float(time_limit), numpy_only))
        return check
    return register


def written(name: str, points: float = 1.0) -> None:
    """Register the written question ``name``: its answer (the markdown cells under the question's prompt)
    is collected for grading by hand."""
    _REGISTRY.append(Question(name, None, float(points), 0.0, False, manual=True))


def load(path: Path) -> Exercise:
    """The exercise defined by one question file."""
    path = Path(path)
    del _REGISTRY[:]
    spec = importlib.util.spec_from_file_location(f"dlcourse_questions_{path.stem}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    questions = list(_REGISTRY)
    del _REGISTRY[:]
    if not questions:
        raise ValueError(f"{path} defines no questions (use @question)")
    names = [q.name for q in questions]
    if len(set(names)) != len(names):
        raise ValueError(f"{path}: question names repeat: {names}")
    default = bool(getattr(module, "NUMPY_ONLY", False))
    for q in questions:
        if q.numpy_only is None:
            q.numpy_only = default
    return Exercise(path.stem, path, questions, list(getattr(module, "ANSWERS", [])))


def load_all(folder: Path) -> dict[str, Exercise]:
    """Every exercise in ``folder`` (files named like their notebooks, ``NN_*.py``), by stem."""
    folder = Path(folder)
    if not folder.is_dir():
        raise FileNotFoundError(f"no question folder at {folder}")
    return {p.stem: load(p) for p in sorted(folder.glob("[0-9]*.py"))}
