"""``python -m dlcourse.exercises release --out DIR``: what a class receives, and nothing else.

Taught on the book's *Exercises* pages (``exercises/index.md``, "For instructors"). The course repository
is the instructor's copy: it holds the solutions (``exercises/source/``), the judge's questions and
reference answers (``grading/``), and a ``dlcourse`` package whose chapters implement several of the
answers the exercises ask for. The student bundle written to ``DIR`` holds only

* the student notebooks ``exercises/NN_*.ipynb`` and their public tests ``exercises/tests/``;
* a ``dlcourse`` package with just what the notebooks import (``config``, ``data``,
  ``exercises.student`` and ``exercises.checks``), ``pyproject.toml`` and ``requirements.txt``;
* a README saying how to work and hand in.

Before it finishes, it checks the bundle: no file defines a name that a question asks for (the
``ANSWERS`` of each question file), no solution markers, no question files, and the package imports.
Publish that folder (for example as the repository the notebooks' first cell installs from), never the
course repository itself.
"""
from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from pathlib import Path

from . import questions as _questions

REPO = Path(__file__).resolve().parents[2]
PACKAGE_FILES = ["dlcourse/__init__.py", "dlcourse/config.py", "dlcourse/data", "dlcourse/exercises/__init__.py",
                 "dlcourse/exercises/student.py", "dlcourse/exercises/checks.py"]
README = """# Exercises of the course *Deep Learning, Checked*

Open the notebooks in `exercises/` (`pip install -r requirements.txt && pip install -e .`, then
`jupyter lab exercises/`). Each question has a `grader.check("qN")` cell that runs its public tests at once;
your instructor grades with further tests on other inputs. Hand in the notebook (`.ipynb`) or the zip
that its last cell writes, as your course asks.
"""


def release(out: Path, repo: Path = REPO, questions_dir: Path | None = None) -> list[Path]:
    """Write the student bundle to ``out`` (replacing it); return its files. Raises when a check fails."""
    out = Path(out)
    if out.exists():
        shutil.rmtree(out)
    (out / "exercises").mkdir(parents=True)
    for notebook in sorted((repo / "exercises").glob("[0-9]*.ipynb")):
        shutil.copyfile(notebook, out / "exercises" / notebook.name)
    shutil.copytree(repo / "exercises" / "tests", out / "exercises" / "tests",
                    ignore=shutil.ignore_patterns("__pycache__"))
    for name in PACKAGE_FILES:
        source, target = repo / name, out / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if source.is_dir():
            shutil.copytree(source, target, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        else:
            shutil.copyfile(source, target)
    for name in ("pyproject.toml", "requirements.txt"):
        shutil.copyfile(repo / name, out / name)
    (out / "README.md").write_text(README)
    check(out, _questions.load_all(questions_dir or repo / "grading"))
    return sorted(p for p in out.rglob("*") if p.is_file())


def defined_names(path: Path) -> set[str]:
    """Every function, class and assigned name that a Python file defines, at any depth."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            names.add(node.id)
    return names


def check(out: Path, exercises: dict) -> None:
    """Raise ``ValueError`` when the bundle in ``out`` gives anything away or does not import."""
    answers = {name for exercise in exercises.values() for name in exercise.answers}
    problems = []
    for path in sorted(out.rglob("*.py")):
        given = defined_names(path) & answers
        if given and "exercises/tests" not in path.as_posix():
            problems.append(f"{path.relative_to(out)} defines {sorted(given)}, which the exercises ask for")
    for path in sorted(p for p in out.rglob("*") if p.is_file()):
        text = path.read_text(errors="replace")
        for marker in ("BEGIN SOLUTION", "# HIDDEN", "from dlcourse.exercises.questions import"):
            if marker in text:
                problems.append(f"{path.relative_to(out)} contains {marker!r}")
    probe = ("import sys; sys.path.insert(0, sys.argv[1]); import dlcourse, dlcourse.config, dlcourse.data, "
             "dlcourse.exercises.student, dlcourse.exercises.checks; "
             "assert dlcourse.__file__.startswith(sys.argv[1]), dlcourse.__file__")
    done = subprocess.run([sys.executable, "-c", probe, str(out.resolve())], capture_output=True, text=True,
                          cwd=out)
    if done.returncode != 0:
        problems.append(f"the bundle's dlcourse does not import: {done.stderr.strip()[-500:]}")
    if problems:
        raise ValueError("the student bundle is not safe to publish:\n  " + "\n  ".join(problems))
