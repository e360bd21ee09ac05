"""The grader object of a student notebook: ``grader = notebook_grader("01_ch1_activations", [...])``.

Taught on the book's *Exercises* pages (``exercises/index.md``). The public tests of each exercise
notebook live next to it, in ``exercises/tests/<notebook>/q1.py ...``. This finds them (beside the
notebook, or one folder up for the source notebooks), downloads them from the course repository when
they are missing (Colab opens a notebook without its folder), and returns an ``otter.Notebook`` whose
``check("q1")`` runs them.
"""
from __future__ import annotations

import os
import urllib.request
from pathlib import Path

REPOSITORY_RAW = "https://raw.githubusercontent.com/dlcourse/dlcourse/main/exercises"


def find_tests(stem: str) -> Path | None:
    """The folder with the public tests of notebook ``stem``, looked up from the working directory."""
    for candidate in (Path("tests") / stem, Path("..") / "tests" / stem):
        if candidate.is_dir():
            return candidate
    return None


def download_tests(stem: str, questions: list[str], target: Path) -> Path:
    """Fetch the public tests ``questions`` of ``stem`` from the course repository into ``target``."""
    target.mkdir(parents=True, exist_ok=True)
    for question in questions:
        url = f"{REPOSITORY_RAW}/tests/{stem}/{question}.py"
        with urllib.request.urlopen(url, timeout=30) as response:
            (target / f"{question}.py").write_bytes(response.read())
    return target


def concise_doctest_errors() -> None:
    """Make a failing test show only the error (``AssertionError: f(x): expected ..., got ...``).

    otter runs the tests with :mod:`doctest`, which prints the whole traceback of an error, frames of
    ``doctest.py`` and local paths included; the last line is the part a student needs.
    """
    import doctest
    import traceback

    def exception_only(exc_info):
        return "".join(traceback.format_exception_only(exc_info[0], exc_info[1]))

    if hasattr(doctest, "_exception_traceback"):
        doctest._exception_traceback = exception_only


def notebook_grader(stem: str, questions: list[str]):
    """Return ``otter.Notebook`` for the exercise notebook ``stem`` with its public tests in place."""
    import otter

    concise_doctest_errors()

    tests = find_tests(stem)
    if tests is None:
        try:
            tests = download_tests(stem, questions, Path("tests") / stem)
        except OSError as error:
            raise RuntimeError(f"The public tests of {stem} are not next to this notebook (tests/{stem}/) and could "
                               f"not be downloaded ({error}). Open the notebook from the course repository's "
                               f"exercises/ folder, or connect to the internet and run this cell again.") from None
        print(f"Downloaded the public tests of {stem} ({len(questions)} questions).")
    notebook = f"{stem}.ipynb" if os.path.isfile(f"{stem}.ipynb") else None
    return otter.Notebook(notebook, tests_dir=str(tests))
