"""``python -m dlcourse.exercises grade SUBMISSIONS --out grades``: grade a class, one judge per submission.

Taught on the book's *Exercises* pages (``exercises/index.md``, "For instructors"). The instructor says
which exercise each submission is, never the submission:

* a folder per exercise: ``SUBMISSIONS/01_ch1_activations/alice.ipynb`` ...;
* ``--exercise STEM``: every file in ``SUBMISSIONS`` is that exercise;
* ``--roster FILE.csv`` with columns ``submission`` (a path under ``SUBMISSIONS``) and ``exercise``.

A notebook whose own metadata names another exercise is graded as the instructor filed it, and the
result says so. Each submission (``.ipynb``, or an otter export ``.zip`` holding one notebook) is graded
by :func:`dlcourse.exercises.judge.judge` in its own sandbox; ``jobs`` are graded at a time. As each one
finishes its result is written to ``OUT/results/`` and ``OUT/scores.csv`` and ``OUT/scores.json`` are
rewritten (atomically), so a crash or a kill loses nothing already graded, and running the same command
again grades only what is missing, changed, or graded by other questions.

Written questions are not scored: ``score`` and ``possible`` count the judged questions only, the
written ones have ``"hand"`` in ``scores.csv`` and their answers are gathered per exercise in
``OUT/written/<exercise>.md`` (and ``scores.json``), with ``to_grade_by_hand`` giving their points.
"""
from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import re
import tempfile
import threading
import time
import zipfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from . import judge as _judge
from . import questions as _questions
from . import sandbox

REPO = Path(__file__).resolve().parents[2]
QUESTIONS = REPO / "grading"
MAX_NOTEBOOK = 20 << 20  # bytes
_SETUP_CALL = re.compile(r'notebook_grader\(\s*"(?P<stem>[^"]+)"')


def read_submission(path: Path) -> bytes:
    """The notebook bytes of a submission: the file itself, or the single notebook inside an export zip."""
    if path.stat().st_size > MAX_NOTEBOOK and path.suffix != ".zip":
        raise ValueError(f"the file is larger than {MAX_NOTEBOOK >> 20} MiB")
    data = path.read_bytes()
    if path.suffix == ".zip":
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            notebooks = [i for i in archive.infolist() if i.filename.endswith(".ipynb")
                         and not i.filename.startswith("__MACOSX")]
            if len(notebooks) != 1:
                raise ValueError(f"the zip holds {len(notebooks)} notebooks, expected exactly one")
            if notebooks[0].file_size > MAX_NOTEBOOK:
                raise ValueError(f"the notebook in the zip is larger than {MAX_NOTEBOOK >> 20} MiB")
            return archive.read(notebooks[0])
    return data


def check_notebook(data: bytes) -> tuple[str | None, str | None]:
    """``(problem, declared)``: why the bytes are no gradable notebook (or None), and the exercise the
    notebook says it is (otter's metadata, else its ``notebook_grader("...")`` call), if any."""
    try:
        nb = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        return f"not a readable notebook: {type(error).__name__}: {str(error)[:200]}", None
    if not isinstance(nb, dict) or not isinstance(nb.get("cells"), list):
        return "not a readable notebook: no list of cells", None
    cells = [c for c in nb["cells"] if isinstance(c, dict) and c.get("cell_type") == "code"]
    text = lambda c: "".join(c.get("source", "")) if isinstance(c.get("source"), list) else str(c.get("source", ""))  # noqa: E731
    declared = (nb.get("metadata") or {}).get("otter", {}).get("assignment_name") if isinstance(nb.get("metadata"), dict) else None
    if not isinstance(declared, str):
        match = next((m for m in (_SETUP_CALL.search(text(c)) for c in cells) if m), None)
        declared = match["stem"] if match else None
    if not any(text(c).strip() for c in cells):
        return "the notebook has no code", declared
    return None, declared


def collect(submissions: Path, stems: list[str], exercise: str | None = None,
            roster: Path | None = None) -> list[tuple[Path, str]]:
    """The submissions to grade and the exercise the instructor filed each under."""
    submissions = Path(submissions)
    if not submissions.is_dir():
        raise FileNotFoundError(f"no folder of submissions at {submissions}")
    wanted = lambda p: p.is_file() and p.suffix in {".ipynb", ".zip"} and not p.name.startswith(".")  # noqa: E731
    if exercise is not None:
        if exercise not in stems:
            raise ValueError(f"unknown exercise {exercise!r}; the question folder has {stems}")
        return [(p, exercise) for p in sorted(submissions.iterdir()) if wanted(p)]
    if roster is not None:
        found = []
        with open(roster, newline="") as handle:
            for row in csv.DictReader(handle):
                path, stem = submissions / row["submission"], row["exercise"].strip()
                if stem not in stems:
                    raise ValueError(f"{roster}: unknown exercise {stem!r} for {row['submission']}")
                if submissions.resolve() not in path.resolve().parents:
                    raise ValueError(f"{roster}: {row['submission']} is not inside {submissions}")
                found.append((path, stem))
        return found
    folders = [d for d in sorted(submissions.iterdir()) if d.is_dir() and d.name in stems]
    if not folders:
        raise ValueError(f"say which exercise the submissions are: put them in folders named like the exercises "
                         f"({', '.join(stems)}), or pass --exercise STEM or --roster FILE.csv")
    return [(p, d.name) for d in folders for p in sorted(d.iterdir()) if wanted(p)]


def _key(path: Path, submissions: Path) -> str:
    relative = path.relative_to(submissions).as_posix() if submissions in path.parents else path.name
    return re.sub(r"[^A-Za-z0-9._-]+", "_", relative)


def _write_atomic(path: Path, text: str) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name + ".")
    with os.fdopen(fd, "w", newline="") as handle:
        handle.write(text)
    os.replace(tmp, path)


def grade_one(path: Path, stem: str, exercise: _questions.Exercise, limits: _judge.Limits,
              submissions: Path) -> dict:
    """Grade one submission file; never raises for anything about the file."""
    started = time.monotonic()
    result = {"submission": path.relative_to(submissions).as_posix() if submissions in path.parents else path.name,
              "exercise": stem, "judge": exercise.version, "sha256": None, "status": "graded", "score": 0.0,
              "possible": sum(q.points for q in exercise.graded), "notes": [],
              "to_grade_by_hand": sum(q.points for q in exercise.written),
              "questions": {q.name: {"score": 0.0, "possible": q.points, "passed": False, "message": "",
                                     **({"manual": True, "answer": ""} if q.manual else {})}
                            for q in exercise.questions}}
    try:
        raw = path.read_bytes()
        result["sha256"] = hashlib.sha256(raw).hexdigest()
        data = read_submission(path)
        problem, declared = check_notebook(data)
        if declared is not None and declared != stem:
            result["declared"] = declared
            result["notes"].append(f"the notebook says it is {declared}; graded as {stem}, as the instructor filed it")
        if problem:
            result["status"] = "unreadable" if problem.startswith("not") else "empty"
            result["notes"].append(problem)
            for q in result["questions"].values():
                q["message"] = problem if not q.get("manual") else f"to grade by hand: {problem}"
        else:
            with tempfile.TemporaryDirectory(prefix="dlcourse-judge-") as tmp:
                copy = Path(tmp) / "submission.ipynb"
                copy.write_bytes(data)
                os.chmod(copy, 0o444)
                graded = _judge.judge(copy, exercise, limits, seed=_judge.submission_seed(data, stem))
            result["questions"], result["status"] = graded["questions"], graded["status"]
            result["cpu_seconds"] = graded["cpu_seconds"]
            result["notes"].extend(graded["notes"])
        if hashlib.sha256(path.read_bytes()).hexdigest() != result["sha256"]:
            result["notes"].append("the submitted file changed while it was graded")
    except (OSError, ValueError, zipfile.BadZipFile) as error:
        result["status"] = "unreadable"
        result["notes"].append(f"{type(error).__name__}: {error}")
    result["score"] = float(sum(q["score"] for q in result["questions"].values() if not q.get("manual")))
    result["seconds"] = round(time.monotonic() - started, 2)
    return result


def write_scores(results: list[dict], out: Path) -> None:
    """``scores.json`` (everything) and ``scores.csv`` (one row per submission, one column per question)."""
    results = sorted(results, key=lambda r: (r["exercise"], r["submission"]))
    _write_atomic(out / "scores.json", json.dumps(results, indent=1, ensure_ascii=False))
    names: list[str] = []
    for r in results:
        names += [q for q in r["questions"] if q not in names]
    text = io.StringIO()
    writer = csv.writer(text)
    writer.writerow(["submission", "exercise", "score", "possible", "status", *names, "notes"])
    for r in results:
        writer.writerow([r["submission"], r["exercise"], f"{r['score']:g}", f"{r['possible']:g}", r["status"],
                         *[_cell(r["questions"].get(q)) for q in names],
                         " | ".join(r["notes"])[:500]])
    _write_atomic(out / "scores.csv", text.getvalue())
    written = {}
    for r in results:
        for name, q in r["questions"].items():
            if q.get("manual"):
                written.setdefault(r["exercise"], {}).setdefault(name, []).append((r["submission"], q))
    if written:
        (out / "written").mkdir(exist_ok=True)
    for stem, by_question in written.items():
        lines = [f"# {stem}: written answers to grade by hand", ""]
        for name, entries in by_question.items():
            lines += [f"## {name} ({entries[0][1]['possible']:g} point{'s' if entries[0][1]['possible'] != 1 else ''})", ""]
            for submission, q in entries:
                answer = q.get("answer") or f"*({q['message']})*"
                lines += [f"### {submission}", "", answer, ""]
        _write_atomic(out / "written" / f"{stem}.md", "\n".join(lines))


def _cell(question: dict | None) -> str:
    """A question's column in scores.csv: its score, or ``hand`` for a written question."""
    if question is None:
        return ""
    if question.get("manual"):
        return "hand" if question.get("answer") else "hand (blank)"
    return f"{question['score']:g}"


def grade(submissions: Path, out: Path, questions_dir: Path = QUESTIONS, *, exercise: str | None = None,
          roster: Path | None = None, jobs: int = 2, limits: _judge.Limits | None = None,
          verbose: bool = True) -> list[dict]:
    """Grade every submission; results in ``out`` (see the module's doc). Returns all results."""
    if not sandbox.available():
        raise sandbox.SandboxUnavailable(sandbox.INSTALL_HINT)
    submissions, out = Path(submissions).resolve(), Path(out)
    exercises = _questions.load_all(questions_dir)
    todo = collect(submissions, sorted(exercises), exercise, roster)
    (out / "results").mkdir(parents=True, exist_ok=True)
    limits = limits or _judge.Limits()
    results: dict[str, dict] = {}
    lock = threading.Lock()
    pending = []
    for path, stem in todo:
        key = f"{stem}__{_key(path, submissions)}"
        saved = out / "results" / f"{key}.json"
        try:
            old = json.loads(saved.read_text())
            if old.get("judge") == exercises[stem].version and old.get("sha256") == hashlib.sha256(path.read_bytes()).hexdigest():
                results[key] = old
                continue
        except (OSError, ValueError):
            pass
        pending.append((key, path, stem))
    if verbose and len(pending) < len(todo):
        print(f"{len(todo) - len(pending)} submissions already graded in {out}; grading {len(pending)}", flush=True)

    def run(item) -> None:
        key, path, stem = item
        result = grade_one(path, stem, exercises[stem], limits, submissions)
        with lock:
            _write_atomic(out / "results" / f"{key}.json", json.dumps(result, indent=1, ensure_ascii=False))
            results[key] = result
            write_scores(list(results.values()), out)
        if verbose:
            print(f"{result['submission']}: {stem} {result['score']:g}/{result['possible']:g} "
                  f"({result['status']}, {result['seconds']:.1f} s)", flush=True)

    write_scores(list(results.values()), out)
    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        list(pool.map(run, pending))
    return sorted(results.values(), key=lambda r: (r["exercise"], r["submission"]))
