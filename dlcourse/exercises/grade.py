"""``python -m dlcourse.exercises grade SUBMISSIONS --out grades``: grade a class's submissions.

Taught on the book's *Exercises* pages (``exercises/index.md``, "For instructors"). Every ``.ipynb`` or
otter export ``.zip`` in the folder is graded with all tests, hidden ones included, and the results are
written to ``scores.csv`` (one row per submission, one column per question) and ``scores.json`` (with
each question's message).

How a submission is kept apart from the tests and from the other submissions:

* it is copied (read-only use of the original: the file is hashed before and after) into a fresh
  temporary folder outside the repository that holds nothing else, and runs there in its own process
  (:mod:`dlcourse.exercises.worker`) with a minimal environment and one BLAS thread;
* on Linux that process also gets its own mount namespace (``unshare``) in which the repository's
  ``exercises/`` folder and ``.git``, the hidden tests' folder, the submissions folder and the output
  folder are covered by empty file systems, so no path, relative or absolute, leads to the solutions;
  where ``unshare`` is not allowed, a warning says the isolation is by folder only;
* the hidden tests are never written where the submission runs: they are read into the grader's memory
  and sent to the worker only after every cell of the submission has finished;
* time: each cell and each question has a limit, and the whole submission a hard limit after which the
  process group is killed; a killed submission keeps the questions already graded and scores 0 on the rest;
* output: what the submission prints is discarded after a limit; messages are truncated.

This does not make grading safe against code written to attack the grader (for instance code that
patches NumPy so that the tests' comparisons pass): run it on a machine you can throw away when that
matters, as with any autograder.
"""
from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import queue
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from . import build as _build


@dataclass
class Limits:
    """Time and output limits for grading (seconds, characters)."""

    submission: float = 300.0
    cell: float = 120.0
    question: float = 60.0
    output: int = 100_000


@dataclass
class SubmissionResult:
    submission: str
    assignment: str | None
    status: str = "graded"
    score: float = 0.0
    possible: float = 0.0
    questions: dict = field(default_factory=dict)
    notes: list = field(default_factory=list)
    seconds: float = 0.0


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def read_submission(path: Path) -> bytes:
    """The notebook bytes of a submission: the file itself, or the single notebook inside an export zip."""
    data = path.read_bytes()
    if path.suffix == ".zip":
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            notebooks = [n for n in archive.namelist() if n.endswith(".ipynb") and not n.startswith("__MACOSX")]
            if len(notebooks) != 1:
                raise ValueError(f"the zip holds {len(notebooks)} notebooks, expected exactly one")
            return archive.read(notebooks[0])
    return data


def identify(notebook: bytes, filename: str, stems: list[str]) -> str | None:
    """Which exercise notebook a submission is: otter's ``assignment_name`` metadata, else the file name."""
    try:
        nb = nbformat.reads(notebook.decode("utf-8"), as_version=4)
        name = nb.metadata.get("otter", {}).get("assignment_name")
        if name in stems:
            return name
        stem, _ = _build.setup_questions(nb)  # the notebook_grader("<stem>", ...) call of the first cell
        if stem in stems:
            return stem
    except Exception:  # noqa: BLE001 - a broken notebook is reported by the worker
        pass
    matches = [s for s in stems if s in filename]
    return max(matches, key=len) if matches else None


_SANDBOX: list[str] | None = None


def sandbox_available() -> bool:
    """True when ``unshare`` can give a process its own user and mount namespaces here."""
    global _SANDBOX
    if _SANDBOX is None:
        _SANDBOX = []
        if shutil.which("unshare") and sys.platform.startswith("linux"):
            with tempfile.TemporaryDirectory() as probe:
                cmd = _wrap(["true"], [Path(probe)])
                try:
                    ok = subprocess.run(cmd, capture_output=True, timeout=20).returncode == 0
                except (OSError, subprocess.TimeoutExpired):
                    ok = False
                _SANDBOX = ["unshare"] if ok else []
    return bool(_SANDBOX)


SCRATCH = [Path(tempfile.gettempdir()), Path("/var/tmp"), Path("/dev/shm")]


def _wrap(cmd: list[str], hide: list[Path]) -> list[str]:
    """``cmd`` in new user+mount namespaces where every folder in ``hide`` is an empty tmpfs.

    The temporary folders (``/tmp`` ...) become fresh, empty, writable ones, so nothing left there by
    others (or by the grader) can be read; the submission keeps its working folder, which it was started
    in, though no absolute path leads there any more. The second ``unshare`` nests another user namespace,
    which locks those mounts: the submission cannot unmount them to look underneath.
    """
    scratch = [d for d in SCRATCH if d.is_dir()]
    needed = _needed_paths()
    # A temporary folder that holds what the worker needs to run (a clone or a virtual environment under
    # /tmp, say) cannot be replaced wholesale: there each other folder in it is hidden instead.
    partial = [s for s in scratch if any(s == n or s in n.parents for n in needed)]
    scratch = [s for s in scratch if s not in partial]
    others = [e for s in partial for e in s.iterdir() if e.is_dir() and not e.is_symlink()
              and not any(e == n or e in n.parents for n in needed) and e not in hide]
    hide = [d for d in hide if not any(s == d or s in d.parents for s in scratch)]
    hide = [d for d in hide if not any(d == n or d in n.parents for n in needed)]
    mounts = "".join(f"mount -t tmpfs -o size=16k,mode=0555 tmpfs {shlex.quote(str(d))} && " for d in hide)
    # Other programs' temporary folders may vanish before the mount: those are skipped, not fatal.
    mounts += "".join(f"{{ mount -t tmpfs -o size=16k,mode=0555 tmpfs {shlex.quote(str(d))} 2>/dev/null || "
                      f"[ ! -d {shlex.quote(str(d))} ]; }} && " for d in others)
    mounts += "".join(f"mount -t tmpfs -o size=512m,mode=1777 tmpfs {shlex.quote(str(d))} && " for d in scratch)
    inner = " ".join(shlex.quote(a) for a in ["unshare", "--user", "--map-root-user", "--mount", *cmd])
    return ["unshare", "--user", "--map-root-user", "--mount", "sh", "-c", f"{mounts}exec {inner}"]


def _needed_paths() -> list[Path]:
    """What the worker must still see: Python and its packages, the dlcourse package, the data home."""
    import dlcourse

    paths = {Path(sys.prefix), Path(sys.base_prefix), Path(sys.executable).resolve().parent,
             Path(dlcourse.__file__).resolve().parent, _data_home()}
    return sorted({p.resolve() for p in paths if p.exists()})


def _hidden_paths(extra: list[Path]) -> list[Path]:
    paths = sorted({p.resolve() for p in [_build.REPO / "exercises", _build.REPO / ".git", *extra]
                    if p.exists() and p.is_dir()})
    # a folder inside another hidden folder is hidden with it (and could not be mounted on any more)
    return [p for p in paths if not any(q != p and q in p.parents for q in paths)]


def _reader(stream, lines: queue.Queue) -> None:
    for line in iter(stream.readline, ""):
        lines.put(line)
    lines.put(None)


def run_submission(notebook: bytes, tests: dict[str, str], limits: Limits, hide: list[Path],
                   label: str = "submission") -> tuple[dict, list[str], str]:
    """Execute one notebook in a fresh folder and grade it; returns (results per question, notes, status)."""
    workdir = Path(tempfile.mkdtemp(prefix="dlcourse-grade-"))
    notes: list[str] = []
    status = "graded"
    questions: dict = {}
    try:
        (workdir / "submission.ipynb").write_bytes(notebook)
        cmd = [sys.executable, "-m", "dlcourse.exercises.worker"]
        if sandbox_available():
            cmd = _wrap(cmd, hide)
        else:
            notes.append("isolation: folder only (unshare is not available here)")
        env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": str(workdir),
            "MPLBACKEND": "Agg",
            "DLCOURSE_QUICK": "1",
            "DLCOURSE_DATA": str(_data_home()),
            "DLCOURSE_DATA_SEARCH": os.environ.get("DLCOURSE_DATA_SEARCH", ""),
            "DLCOURSE_OFFLINE": os.environ.get("DLCOURSE_OFFLINE", ""),
            "DLCOURSE_GRADING": "1",
            "OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1",
            "PYTHONHASHSEED": "0", "PYTHONDONTWRITEBYTECODE": "1",
        }
        started = time.monotonic()
        errors = tempfile.TemporaryFile()  # the sandbox's own errors; the worker silences fd 2 itself
        proc = subprocess.Popen(cmd, cwd=workdir, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                stderr=errors, text=True, start_new_session=True)
        lines: queue.Queue = queue.Queue()
        threading.Thread(target=_reader, args=(proc.stdout, lines), daemon=True).start()
        settings = {"notebook": "submission.ipynb", "time_limit": limits.submission, "cell_timeout": limits.cell,
                    "test_timeout": limits.question, "output_limit": limits.output}
        proc.stdin.write(json.dumps(settings) + "\n")
        proc.stdin.flush()
        deadline = started + limits.submission + 5.0  # the worker keeps its own, slightly shorter, deadline
        finished = False
        while True:
            try:
                line = lines.get(timeout=max(0.05, deadline - time.monotonic()))
            except queue.Empty:
                status = "timeout"
                notes.append(f"killed after the time limit of {limits.submission:g} s per submission")
                break
            if line is None:
                break
            try:
                message = json.loads(line)
            except json.JSONDecodeError:
                continue
            if message.get("event") == "executed":
                notes.extend(message.get("errors", []))
                notes.extend(message.get("notes", []))
                try:
                    proc.stdin.write(json.dumps(tests) + "\n")
                    proc.stdin.close()
                except (BrokenPipeError, OSError):
                    break
            elif message.get("event") == "result" and message.get("question") in tests:
                q = message["question"]
                questions[q] = {k: message[k] for k in ("score", "possible", "passed", "message")}
            elif message.get("event") == "done":
                finished = True
                break
        if not finished and status == "graded":
            status = "crashed"
            proc.wait(timeout=10)
            errors.seek(0)
            detail = errors.read(2000).decode("utf-8", "replace").strip()
            notes.append(f"the grading process ended early (exit code {proc.returncode})"
                         + (f": {detail}" if detail else ""))
    finally:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError, UnboundLocalError, NameError):
            pass
        try:
            proc.wait(timeout=10)
        except (NameError, UnboundLocalError, subprocess.TimeoutExpired):
            pass
        shutil.rmtree(workdir, ignore_errors=True)
    for q in tests:
        if q not in questions:
            reason = {"timeout": "the submission ran out of time before this question was graded",
                      "crashed": "the submission's process ended before this question was graded"}.get(
                status, "not graded")
            questions[q] = {"score": 0.0, "possible": None, "passed": False, "message": reason}
    return questions, notes, status


def _data_home() -> Path:
    from dlcourse import data

    return data.data_home()


def grade(submissions: Path, out: Path, dist_dir: Path | None = None, source_dir: Path | None = None,
          limits: Limits | None = None, tests: dict | None = None, verbose: bool = True,
          jobs: int = 2) -> list[SubmissionResult]:
    """Grade every submission in ``submissions``; write ``out/scores.csv`` and ``out/scores.json``.

    ``tests`` (``{stem: {"questions": [...], "tests": {q: code}}}``) defaults to the hidden tests built in
    ``dist_dir`` from ``source_dir`` (rebuilt there first when missing or out of date). ``jobs``
    submissions are graded at a time.
    """
    submissions, out = Path(submissions), Path(out)
    limits = limits or Limits()
    if not submissions.is_dir():
        raise FileNotFoundError(f"no folder of submissions at {submissions}")
    if tests is None:
        dist_dir = Path(dist_dir or _build.EXERCISES / "dist")
        source_dir = Path(source_dir or _build.EXERCISES / "source")
        tests = _build.load_tests(dist_dir, source_dir)
    out.mkdir(parents=True, exist_ok=True)
    hide = _hidden_paths([submissions, out] + ([Path(dist_dir)] if dist_dir else []) +
                         ([Path(source_dir)] if source_dir else []))
    files = sorted(p for p in submissions.iterdir() if p.is_file() and p.suffix in {".ipynb", ".zip"})
    if verbose and not sandbox_available():
        print("warning: unshare is not available, so submissions are isolated by folder only", file=sys.stderr)
    def grade_one(path: Path) -> SubmissionResult:
        started = time.monotonic()
        before = sha256_bytes(path.read_bytes())
        result = SubmissionResult(submission=path.name, assignment=None)
        try:
            notebook = read_submission(path)
            result.assignment = identify(notebook, path.name, list(tests))
            if result.assignment is None:
                raise ValueError("cannot tell which exercise this is (no otter metadata, no known name in the "
                                 "file name)")
            spec = tests[result.assignment]
            questions, notes, status = run_submission(notebook, spec["tests"], limits, hide, label=path.name)
            result.questions = {q: questions[q] for q in spec["questions"]}
            result.notes, result.status = notes, status
        except Exception as error:  # noqa: BLE001 - one bad file must not stop the class's grading
            result.status = "error"
            result.notes.append(f"{type(error).__name__}: {error}")
        for q in result.questions.values():
            if q["possible"] is None:
                q["possible"] = 1.0
        result.score = float(sum(q["score"] for q in result.questions.values()))
        result.possible = float(sum(q["possible"] for q in result.questions.values()))
        result.seconds = round(time.monotonic() - started, 1)
        if sha256_bytes(path.read_bytes()) != before:  # grading must never modify a submission
            result.status = "error"
            result.notes.append("the submitted file changed while it was graded")
        if verbose:
            print(f"{path.name}: {result.assignment or '?'} {result.score:g}/{result.possible:g} "
                  f"({result.status}, {result.seconds:.1f} s)", flush=True)
        return result

    # Submissions run side by side (each in its own process); results keep the folder's order.
    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        results = list(pool.map(grade_one, files))
    write_scores(results, out)
    return results


def write_scores(results: list[SubmissionResult], out: Path) -> None:
    """``scores.json`` (everything) and ``scores.csv`` (one row per submission, one column per question)."""
    out.mkdir(parents=True, exist_ok=True)
    (out / "scores.json").write_text(json.dumps([r.__dict__ for r in results], indent=1, ensure_ascii=False))
    question_names = []
    for r in results:
        for q in r.questions:
            if q not in question_names:
                question_names.append(q)
    with open(out / "scores.csv", "w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["submission", "assignment", "score", "possible", "status", *question_names])
        for r in results:
            writer.writerow([r.submission, r.assignment or "", f"{r.score:g}", f"{r.possible:g}", r.status,
                             *[f"{r.questions[q]['score']:g}" if q in r.questions else "" for q in question_names]])
