"""The grader object of a student notebook: ``grader = notebook_grader("01_ch1_activations", [...])``.

Taught on the book's *Exercises* pages (``exercises/index.md``). The public tests of each exercise
notebook live next to it, in ``exercises/tests/<notebook>/q1.py ...``. This finds them (beside the
notebook, or one folder up for the source notebooks), downloads them from the course repository when
they are missing (Colab opens a notebook without its folder), and returns an ``otter.Notebook`` whose
``check("q1")`` runs them.
"""
from __future__ import annotations

import os
import re
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


class CheckResult:
    """What ``grader.check("qN")`` shows: one line per public test, the error's own message when it failed.

    otter's result prints doctest's whole transcript (``Trying: ... Expecting nothing ... ****``); this
    keeps otter's result in ``.result`` and shows only what a student needs.
    """

    def __init__(self, result):
        self.result = result
        cases = list(getattr(result, "test_case_results", []))
        self.passed = all(c.passed for c in cases)
        self.lines = []
        for number, case in enumerate(cases, 1):
            if case.passed:
                self.lines.append(f"  ✅ public test {number} passed")
            else:
                self.lines.append(f"  ❌ public test {number}: {_reason(case.message or '')}")
        self.name = getattr(result, "name", "question")

    def __repr__(self) -> str:
        if self.passed:
            count = "the public test" if len(self.lines) == 1 else f"all {len(self.lines)} public tests"
            return f"{self.name}: {count} passed (the grader also tests other inputs)"
        failed = sum(1 for line in self.lines if "❌" in line)
        return "\n".join([f"{self.name}: {failed} of {len(self.lines)} public tests failed"] + self.lines)

    def _repr_html_(self) -> str:
        import html

        return f"<pre>{html.escape(repr(self))}</pre>"


def _reason(message: str) -> str:
    """The error line of a doctest failure (``AssertionError: f(x): expected ..., got ...``), shortened."""
    lines = [line.strip() for line in message.splitlines() if line.strip()]
    if "Exception raised:" in lines:
        after = lines[lines.index("Exception raised:") + 1:]
        errors = [line for line in after if re.match(r"^[\w.]+(Error|Exception|Interrupt|Exit)\b", line)]
        text = errors[-1] if errors else (after[-1] if after else "")
        text = re.sub(r"^AssertionError: ", "", text)
    elif "Failed example:" in lines:
        text = " ".join(lines[lines.index("Failed example:") + 1:])
    else:
        text = lines[-1] if lines else "failed"
    return text if len(text) <= 400 else text[:400] + " ..."


def notebook_grader(stem: str, questions: list[str]):
    """Return the otter grader of the exercise notebook ``stem`` with its public tests in place.

    It is ``otter.Notebook`` whose ``check`` returns a :class:`CheckResult` (short messages).
    """
    import inspect

    import otter

    class CourseNotebook(otter.Notebook):
        def check(self, question, global_env=None):
            if global_env is None:
                global_env = inspect.currentframe().f_back.f_globals
            return CheckResult(super().check(question, global_env))

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
    return CourseNotebook(notebook, tests_dir=str(tests))
