"""Runs one submission for the grader, in its own process; never imported by student code on purpose.

Taught on the book's *Exercises* pages (``exercises/index.md``); started by
:mod:`dlcourse.exercises.grade` as ``python -m dlcourse.exercises.worker`` in an empty temporary folder that
holds only the submission. The protocol, one JSON object per line:

1. the grader writes the settings (no tests) on stdin;
2. the worker executes the submission's code cells in an IPython shell (each cell under a time limit,
   printed output kept only up to a limit, ``grader.*`` calls removed) and reports ``executed``;
3. only then does the grader send the tests; the worker runs each question's OK-format test the way
   otter-grader does (:class:`OKTest`) under a time limit and reports one ``result`` per question,
   then ``done``.

Results go to a private copy of the original stdout; file descriptors 0, 1 and 2 are pointed at
/dev/null before any student code runs, so the submission's own output (Python or C level) cannot flood
or fake the report.
"""
from __future__ import annotations

import json
import os
import re
import signal
import sys
import threading
import time
import traceback

_GRADER_LINE = re.compile(r"^\s*(grader\s*=.*|grader\.\w+\(.*\)\s*|import otter\s*)$")


class GradingTimeout(BaseException):
    """Raised in the submission's code when its time is up (a BaseException, so `except Exception` misses it)."""


class CappedText:
    """A text stream that keeps the first ``limit`` characters and counts the rest."""

    def __init__(self, limit: int):
        self.limit, self.kept, self.size = limit, [], 0

    def write(self, text) -> int:
        text = str(text)
        room = self.limit - min(self.size, self.limit)
        if room > 0:
            self.kept.append(text[:room])
        self.size += len(text)
        return len(text)

    def flush(self) -> None:
        pass

    def isatty(self) -> bool:
        return False

    @property
    def truncated(self) -> int:
        return max(0, self.size - self.limit)


def strip_grader_calls(source: str) -> str:
    """Remove the notebook's own otter calls (``grader = ...``, ``grader.check(...)``, ``grader.export(...)``)."""
    return "\n".join("pass" if _GRADER_LINE.match(line) else line for line in source.split("\n"))


class OKTest:
    """One question's test in otter-grader's OK format, run the way otter runs it.

    ``otter.test_files.OKTestFile`` does the same, but importing otter takes seconds, paid once per
    submission; this keeps otter's semantics: every case is a doctest run on the notebook's globals without
    clearing them, the question's points are shared by the cases that give none, and ``all_or_nothing``
    gives the points only when every case passes.
    """

    def __init__(self, spec: dict):
        (suite,) = spec["suites"]
        self.cases = suite["cases"]
        self.all_or_nothing = bool(spec.get("all_or_nothing", False))
        total = spec.get("points")
        given = [c.get("points") for c in self.cases]
        if total is None:
            points = [p if p is not None else 1.0 / len(self.cases) for p in given]
        else:
            unset = [p for p in given if p is None]
            share = (float(total) - sum(p for p in given if p is not None)) / len(unset) if unset else 0.0
            points = [p if p is not None else share for p in given]
        self.points = [float(p) for p in points]
        self.possible = float(sum(self.points))
        self.results: list[dict] = []

    def run(self, env: dict) -> None:
        import doctest
        import io
        from contextlib import redirect_stderr, redirect_stdout

        self.results = []
        for index, case in enumerate(self.cases):
            name = f"case {index + 1}"
            examples = doctest.DocTestParser().parse(case["code"], name)
            test = doctest.DocTest([e for e in examples if isinstance(e, doctest.Example)], env, name, None,
                                   None, case["code"])
            runner = doctest.DocTestRunner(verbose=True)
            output = io.StringIO()
            with redirect_stdout(output), redirect_stderr(output):
                runner.run(test, clear_globs=False)
            passed = runner.failures == 0
            self.results.append({"passed": passed, "hidden": bool(case.get("hidden", True)),
                                 "points": self.points[index], "output": "" if passed else output.getvalue()})

    @property
    def score(self) -> float:
        if self.all_or_nothing:
            return self.possible if all(r["passed"] for r in self.results) else 0.0
        return float(sum(r["points"] for r in self.results if r["passed"]))


def summarize(doctest_output: str) -> str:
    """The part of a doctest failure a student needs: the failing line and the error or the wrong output."""
    if "Failed example:" not in doctest_output:
        return _short(doctest_output.strip(), 600)
    failure = doctest_output.split("Failed example:", 1)[1].split("\n****", 1)[0]  # the first failure only
    example, _, rest = failure.partition("\n")
    example = rest.split("\n", 1)[0].strip() if not example.strip() else example.strip()
    if "Exception raised:" in rest:
        lines = [line.strip() for line in rest.split("Exception raised:", 1)[1].splitlines()
                 if line.strip() and set(line.strip()) - set("^~ ")]
        # the exception's own lines start after the last traceback frame ("File ...", then its source line)
        last_frame = max((i for i, line in enumerate(lines) if line.startswith("File ")), default=-1)
        start = min(last_frame + 2, len(lines) - 1) if last_frame >= 0 else 0
        detail = " ".join(lines[start:]).replace("GradingTimeout", "time limit reached")
    else:
        detail = " ".join(line.strip() for line in rest.splitlines() if line.strip() and not line.startswith("*"))
    return _short(f"`{_short(example, 200)}` -> {detail}", 900)


_TIMED_OUT = False


def _alarm(seconds: float) -> None:
    """Raise GradingTimeout after ``seconds``, and again every 0.2 s until disarmed.

    It repeats because doctest catches every exception of an example, so one alarm would only end
    the example, not the question.
    """
    global _TIMED_OUT
    _TIMED_OUT = False
    signal.setitimer(signal.ITIMER_REAL, max(seconds, 0.001), 0.2)


def _disarm() -> bool:
    """Stop the alarm; True when it had fired."""
    signal.setitimer(signal.ITIMER_REAL, 0)
    return _TIMED_OUT


def _on_alarm(signum, frame):
    global _TIMED_OUT
    _TIMED_OUT = True
    raise GradingTimeout()


def _short(text: str, limit: int = 1500) -> str:
    return text if len(text) <= limit else text[:limit] + f"\n... ({len(text) - limit} more characters)"


def main() -> None:
    results = os.fdopen(os.dup(1), "w", buffering=1)
    commands = os.fdopen(os.dup(0), "r")
    devnull = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(devnull, fd)

    def report(**message):
        results.write(json.dumps(message) + "\n")
        results.flush()

    settings = json.loads(commands.readline())
    captured = CappedText(settings.get("output_limit", 100_000))
    real_stdout, real_stderr = sys.stdout, sys.stderr
    sys.stdout = sys.stderr = captured
    signal.signal(signal.SIGALRM, _on_alarm)
    deadline = time.monotonic() + settings["time_limit"]

    import nbformat
    from IPython.core.interactiveshell import InteractiveShell

    shell = InteractiveShell.instance()
    errors = []
    try:
        notebook = nbformat.read(settings["notebook"], as_version=4)
    except Exception as error:  # noqa: BLE001 - a broken file scores 0, with the reason
        notebook = nbformat.v4.new_notebook()
        errors.append(f"the submission is not a readable notebook: {type(error).__name__}: {_short(str(error), 300)}")
    threads_before = threading.active_count()
    for index, cell in enumerate(notebook.cells):
        if cell.cell_type != "code":
            continue
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            errors.append(f"cell {index}: not run, the time limit of the submission was reached")
            break
        try:
            _alarm(min(settings["cell_timeout"], remaining))
            outcome = shell.run_cell(strip_grader_calls(cell.source), store_history=False, silent=False)
            if _disarm():
                raise GradingTimeout()
        except GradingTimeout:
            _disarm()
            outcome = None
            errors.append(f"cell {index}: stopped after the time limit of {settings['cell_timeout']} s")
        if outcome is not None:
            error = outcome.error_in_exec or outcome.error_before_exec
            if isinstance(error, GradingTimeout):
                errors.append(f"cell {index}: stopped after the time limit of {settings['cell_timeout']} s")
            elif error is not None:
                errors.append(f"cell {index}: {type(error).__name__}: {_short(str(error), 300)}")
    notes = []
    if captured.truncated:
        notes.append(f"the submission printed {captured.size:,} characters; only the first {captured.limit:,} were kept")
    if threading.active_count() > threads_before:
        notes.append("the submission left background threads running while it was tested")
    report(event="executed", errors=errors, notes=notes)

    tests = json.loads(commands.readline())
    import numpy

    from .student import concise_doctest_errors

    concise_doctest_errors()

    env = shell.user_ns
    env.setdefault("np", numpy)
    for name, code in tests.items():
        spec_globals: dict = {}
        exec(code, spec_globals)  # noqa: S102 - the instructor's own test file
        test_file = OKTest(spec_globals["test"])
        possible = test_file.possible
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            report(event="result", question=name, score=0.0, possible=possible, passed=False,
                   message="not run: the time limit of the submission was reached")
            continue
        try:
            _alarm(min(settings["test_timeout"], remaining))
            test_file.run(env)
            if _disarm():
                raise GradingTimeout()
            failed = [case for case in test_file.results if not case["passed"]]
            message = "all tests passed" if not failed else "\n".join(
                ("hidden" if case["hidden"] else "public") + " test failed: " + summarize(case["output"])
                for case in failed[:2])
            report(event="result", question=name, score=test_file.score, possible=possible, passed=not failed,
                   message=message)
        except GradingTimeout:
            _disarm()
            report(event="result", question=name, score=0.0, possible=possible, passed=False,
                   message=f"stopped after the time limit of {settings['test_timeout']} s per question "
                           f"(an endless loop?)")
        except BaseException as error:  # a test must never take the worker down
            _disarm()
            report(event="result", question=name, score=0.0, possible=possible, passed=False,
                   message=_short(f"the test raised {type(error).__name__}: {error}\n" + traceback.format_exc()))
    sys.stdout, sys.stderr = real_stdout, real_stderr
    report(event="done")
    results.close()
    os._exit(0)  # do not wait for threads the submission may have started


if __name__ == "__main__":
    main()
