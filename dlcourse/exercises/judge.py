"""The trusted judge: grades one submission against one exercise's questions.

Taught on the book's *Exercises* pages (``exercises/index.md``, "For instructors"). The judge holds the
questions and the reference solutions (:mod:`dlcourse.exercises.questions`) and never sends either to the
submission. It starts the submission in a sandbox (:mod:`dlcourse.exercises.sandbox`), has it run its
cells, then asks it to call named functions or read named variables on inputs drawn here, seeded per
submission, and compares what comes back here (:mod:`dlcourse.exercises.expect`).

What the submission's process says is never believed beyond being its answer: every reply must carry the
id and the random nonce of the request it answers (others are counted and ignored), must decode as plain
data within size limits, and must come before the question's deadline. When the sandbox dies, floods,
breaks the protocol or runs out of time, the question being asked scores 0 with the reason, the sandbox
is killed with all its processes, and a fresh one (the notebook run again) answers the next question.

Questions that say "NumPy only" are answered by a restricted sandbox, in which no framework and no chapter
module of the course's package can be imported (:func:`dlcourse.exercises.sandbox.restricted_mounts`); the
others by an unrestricted one. Written questions are never run: their markdown answers are read from the
notebook file here and reported "to grade by hand" (:func:`written_answers`).
"""
from __future__ import annotations

import hashlib
import queue
import secrets
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from . import protocol, sandbox
from .expect import Wrong
from .questions import Exercise


@dataclass
class Limits:
    """Limits of grading one submission (seconds, bytes)."""

    run: float = 240.0              # running the notebook's cells, in all
    cell: float = 60.0              # one cell
    starts: int = 3                 # sandboxes started for one submission (the first run and restarts)
    output: int = 100_000           # characters of printed output kept by the worker
    reply: int = 16 << 20           # bytes of one reply
    replies: int = 256 << 20        # bytes of all replies from one sandbox
    sandbox: sandbox.Limits = field(default_factory=sandbox.Limits)


CPU = threading.local()  # CPU seconds of the sandboxes killed by this thread (judge() reports its own)


class WorkerFailed(Exception):
    """The sandbox can answer no more: the reason says why (time, crash, protocol, limits)."""


def submission_seed(notebook: bytes, stem: str) -> int:
    """The seed of a submission's inputs: fixed for the same file, different for different files."""
    return int.from_bytes(hashlib.sha256(b"dlcourse-judge\0" + stem.encode() + b"\0" + notebook).digest()[:8], "big")


class Session:
    """One sandboxed worker and the judge's end of its protocol."""

    def __init__(self, notebook: Path, limits: Limits, numpy_only: bool = False):
        self.limits = limits
        self.box = sandbox.Sandbox(notebook, limits.sandbox, numpy_only=numpy_only)
        self.replies: queue.Queue = queue.Queue()
        self.next_id = 0
        self.ignored = 0
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        reader = protocol.Reader(self.box.stdout, self.limits.reply, self.limits.replies)
        try:
            while True:
                self.replies.put(reader.read())
        except EOFError:
            self.replies.put(("ended", None))
        except protocol.ProtocolError as error:
            self.replies.put(("protocol", str(error)))
        except (OSError, ValueError) as error:
            self.replies.put(("ended", str(error)))

    def _write(self, data: bytes) -> None:
        try:
            self.box.stdin.write(data)
            self.box.stdin.flush()
        except (OSError, ValueError):
            pass  # the reader reports the end

    def request(self, header: dict, blobs: list[bytes], deadline: float) -> tuple[dict, list[bytes]]:
        """Send a request; return the reply that answers it, or raise :class:`WorkerFailed`."""
        self.next_id += 1
        header = dict(header, id=self.next_id, nonce=secrets.token_hex(16))
        threading.Thread(target=self._write, args=(protocol.pack(header, blobs),), daemon=True).start()
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise WorkerFailed("stopped at the time limit (an endless loop?)")
            try:
                reply, reply_blobs = self.replies.get(timeout=min(left, 0.25))
            except queue.Empty:
                reason = self.box.over_limits()
                if reason:
                    raise WorkerFailed(f"stopped: the submission used {reason}") from None
                continue
            if reply == "ended":
                detail = self.box.stderr_tail()
                code = self.box.process.poll()
                raise WorkerFailed("the submission's process ended" + (f" (exit code {code})" if code else "")
                                   + (f": {detail[-300:]}" if detail and "bwrap" in detail else ""))
            if reply == "protocol":
                raise WorkerFailed(f"the submission's process broke the protocol: {reply_blobs}")
            if reply.get("id") == header["id"] and reply.get("nonce") == header["nonce"]:
                return reply, reply_blobs
            self.ignored += 1

    def kill(self) -> None:
        self.box.kill()
        CPU.seconds = getattr(CPU, "seconds", 0.0) + getattr(self.box, "cpu", 0.0)


class Student:
    """What a question sees of the submission: ``call``, ``get`` and ``function``."""

    def __init__(self, session: Session):
        self.session = session
        self.deadline = time.monotonic()

    def _decode(self, node, blobs):
        try:
            return protocol.decode(node, blobs)
        except protocol.ProtocolError as error:
            raise WorkerFailed(f"the submission's process sent a malformed value: {error}") from None

    def call(self, name, *args, keep: bool = False, return_args: bool = False, **kwargs):
        """``name(*args, **kwargs)`` in the sandbox (``name`` may be a kept :class:`~protocol.Ref`).

        Returns the result as plain data (a :class:`~protocol.Ref` with ``keep``); with ``return_args``,
        ``(result, args after the call)``. Raises :class:`Wrong` when the name is missing or the call raised.
        """
        blobs: list[bytes] = []
        header = {"op": "call", "args": [protocol.encode_input(a, blobs) for a in args],
                  "kwargs": {k: protocol.encode_input(v, blobs) for k, v in kwargs.items()},
                  "keep": keep, "return_args": return_args}
        if isinstance(name, protocol.Ref):
            header["ref"], label = name.id, f"the returned {name.type_name}"
            if not name.callable:
                raise Wrong(f"{label} is not a function")
        else:
            header["name"], label = name, name
        reply, reply_blobs = self.session.request(header, blobs, self.deadline)
        if reply.get("missing"):
            raise Wrong(f"`{label}` is not defined in the notebook (did every cell run?)")
        if "raised" in reply:
            raise Wrong(f"{label}(...) raised {str(reply['raised'])[:300]}")
        value = self._decode(reply.get("value"), reply_blobs)
        if return_args:
            after = reply.get("args")
            if not isinstance(after, list) or len(after) != len(args):
                raise WorkerFailed("the submission's process sent a malformed reply")
            return value, [self._decode(a, reply_blobs) for a in after]
        return value

    def get(self, name: str):
        """The value of the notebook's variable ``name``; :class:`Wrong` when it is not defined."""
        reply, blobs = self.session.request({"op": "get", "name": name}, [], self.deadline)
        if reply.get("missing"):
            raise Wrong(f"`{name}` is not defined in the notebook (did every cell run?)")
        if "raised" in reply:
            raise Wrong(f"reading `{name}` failed: {str(reply['raised'])[:300]}")
        return self._decode(reply.get("value"), blobs)

    def function(self, name: str):
        return lambda *args, **kwargs: self.call(name, *args, **kwargs)


def _strings(value, limit: int = 50) -> list[str]:
    """The worker's list of cell errors, kept only as short strings (it is the submission's to forge)."""
    if not isinstance(value, list):
        return []
    return [str(v)[:300] for v in value[:limit] if isinstance(v, str)]


PLACEHOLDER = "_Type your answer here, replacing this text._"  # otter's empty written answer
# ...and as the Chinese edition's downloadable notebooks give it (tests/unit/test_i18n.py keeps it in step with
# the catalogs): an answer left as the placeholder is blank in either language.
PLACEHOLDERS = {PLACEHOLDER, "_在此输入你的答案，替换这段文字。_"}
MAX_ANSWER = 5000  # characters of a written answer kept


def _text(cell) -> str:
    source = cell.get("source", "") if isinstance(cell, dict) else ""
    return "".join(s for s in source if isinstance(s, str)) if isinstance(source, list) else str(source)


def written_answers(notebook: Path, names: list[str]) -> dict[str, str | None]:
    """The markdown answer of each written question ``names`` in the notebook file (read here, never run).

    A written question's prompt is a markdown cell whose heading names it, like
    ``## Written question 1 (w1): ...`` (or, in the Chinese edition's notebooks, ``## 书面题 1（w1）：...``); its answer is the markdown cells after the prompt, up to the end
    of the question (otter's ``<!-- END QUESTION -->`` or ``# END QUESTION``), the next question, or the next
    code cell. ``None`` when the prompt is not in the notebook; ``""`` when no answer was written.
    """
    import json
    import re

    try:
        cells = json.loads(notebook.read_bytes().decode("utf-8")).get("cells", [])
        cells = [c for c in cells if isinstance(c, dict)] if isinstance(cells, list) else []
    except (OSError, ValueError, AttributeError):
        cells = []
    found: dict[str, str | None] = {}
    for name in names:
        heading = re.compile(rf"^#+ .*[(（]{re.escape(name)}[)）]", re.MULTILINE)   # brackets of either width
        start = next((i for i, c in enumerate(cells) if c.get("cell_type") == "markdown" and heading.search(_text(c))), None)
        if start is None:
            found[name] = None
            continue
        parts = []
        for cell in cells[start + 1:]:
            text = _text(cell)
            if cell.get("cell_type") == "code" or "END QUESTION" in text or "BEGIN QUESTION" in text:
                break
            if cell.get("cell_type") == "markdown" and text.strip() not in PLACEHOLDERS:
                parts.append(text.strip())
        found[name] = "\n\n".join(p for p in parts if p)[:MAX_ANSWER]
    return found


def judge(notebook: Path, exercise: Exercise, limits: Limits | None = None, seed: int | None = None) -> dict:
    """Grade the notebook file ``notebook`` as ``exercise``: ``{"questions", "notes", "status"}``.

    ``cpu_seconds``: the CPU time of its sandboxes plus this thread's (the judge's comparisons and
    references), a measure of its cost that other work on the machine does not inflate.

    Each question: ``{"score", "possible", "passed", "message"}``; a written question also has
    ``"manual": True`` and ``"answer"`` (its text, for grading by hand; its score stays 0 here).

    NumPy-only questions are answered by a restricted sandbox, the others by an unrestricted one (each
    started when first needed; ``limits.starts`` starts at most of each kind).
    """
    limits = limits or Limits()
    notebook = Path(notebook)
    seed = submission_seed(notebook.read_bytes(), exercise.stem) if seed is None else seed
    CPU.seconds = 0.0
    judge_cpu = time.thread_time()
    questions: dict[str, dict] = {}
    notes: list[str] = []
    sessions: dict[bool, Session] = {}
    students: dict[bool, Student] = {}
    starts: dict[bool, int] = {True: 0, False: 0}
    stopped: dict[bool, str] = {True: "", False: ""}
    ignored = 0
    blocked: list[str] = []
    answers = written_answers(notebook, [q.name for q in exercise.written])
    for q in exercise.questions:
        questions[q.name] = {"score": 0.0, "possible": q.points, "passed": False, "message": ""}
        if q.manual:
            text = answers[q.name]
            questions[q.name].update(manual=True, answer=text or "", message=(
                "to grade by hand" if text else "to grade by hand: no answer written" if text == ""
                else "to grade by hand: the question's prompt is not in the notebook"))
    try:
        # the restricted sandbox first, then the other: one sandbox of each kind at a time at most
        order = sorted(((index, q) for index, q in enumerate(exercise.questions) if not q.manual),
                       key=lambda item: not item[1].numpy_only)
        for index, q in order:
            kind = bool(q.numpy_only)
            result = questions[q.name]
            if stopped[kind]:
                result["message"] = stopped[kind]
                continue
            if kind not in sessions:
                for other in [k for k in sessions if k != kind]:
                    ignored += sessions[other].ignored
                    sessions.pop(other).kill()
                if starts[kind] >= limits.starts:
                    stopped[kind] = f"not graded: the submission's process was started {starts[kind]} times and failed each time"
                    result["message"] = stopped[kind]
                    continue
                starts[kind] += 1
                session = sessions[kind] = Session(notebook, limits, numpy_only=kind)
                students[kind] = Student(session)
                try:
                    run, _ = session.request({"op": "run", "cell_timeout": limits.cell, "output_limit": limits.output},
                                             [], time.monotonic() + limits.run)
                except WorkerFailed as failure:
                    sessions.pop(kind).kill()
                    stopped[kind] = f"not graded: running the notebook failed: {failure}"
                    notes.append(stopped[kind])
                    result["message"] = stopped[kind]
                    continue
                if starts[kind] == 1:
                    errors = _strings(run.get("errors"))
                    if kind:
                        blocked = [e for e in errors if "ModuleNotFoundError" in e][:3]
                    if kind and any(not other.numpy_only and not other.manual for other in exercise.questions):
                        # cells that use a framework fail here by design (and the cells after them that use
                        # what they define): the unrestricted sandbox runs every cell and reports its errors
                        errors = []
                    notes.extend(e for e in errors if e not in notes)
                    printed = run.get("printed")
                    if isinstance(printed, int) and printed > limits.output:
                        notes.append(f"the notebook printed {printed:,} characters; the first {limits.output:,} were kept")
                else:
                    notes.append(f"a fresh sandbox ran the notebook again for {q.name}")
            session, student = sessions[kind], students[kind]
            student.deadline = time.monotonic() + q.time_limit
            try:
                q.check(student, np.random.default_rng([seed, index]))
            except Wrong as wrong:
                result["message"] = str(wrong)[:1000]
            except WorkerFailed as failure:
                result["message"] = str(failure)[:1000]
                notes.append(f"{q.name}: {failure}"[:1000])
                ignored += session.ignored
                sessions.pop(kind).kill()
            except Exception as error:  # noqa: BLE001 - an answer the question did not foresee is a wrong answer
                result["message"] = f"unexpected answer ({type(error).__name__}: {error})"[:1000]
            else:
                result.update(score=q.points, passed=True, message="passed")
            if q.numpy_only and not result["passed"]:
                if "ModuleNotFoundError" in result["message"]:
                    result["message"] += " (this question asks for NumPy only: other libraries cannot be imported)"
                elif "is not defined" in result["message"] and blocked:
                    result["message"] += (" (this question asks for NumPy only, and in its sandbox these cells failed: "
                                          + "; ".join(blocked) + ")")[:600]
    finally:
        for session in sessions.values():
            ignored += session.ignored
            session.kill()
    if ignored:
        notes.append(f"{ignored} messages from the submission's process answered no request and were ignored")
    return {"questions": questions, "notes": notes,
            "status": "graded" if not any(stopped.values()) else "incomplete",
            "cpu_seconds": round(CPU.seconds + time.thread_time() - judge_cpu, 2)}
