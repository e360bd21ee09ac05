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


class WorkerFailed(Exception):
    """The sandbox can answer no more: the reason says why (time, crash, protocol, limits)."""


def submission_seed(notebook: bytes, stem: str) -> int:
    """The seed of a submission's inputs: fixed for the same file, different for different files."""
    return int.from_bytes(hashlib.sha256(b"dlcourse-judge\0" + stem.encode() + b"\0" + notebook).digest()[:8], "big")


class Session:
    """One sandboxed worker and the judge's end of its protocol."""

    def __init__(self, notebook: Path, limits: Limits):
        self.limits = limits
        self.box = sandbox.Sandbox(notebook, limits.sandbox)
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


def judge(notebook: Path, exercise: Exercise, limits: Limits | None = None, seed: int | None = None) -> dict:
    """Grade the notebook file ``notebook`` as ``exercise``: ``{"questions", "notes", "status"}``.

    Each question: ``{"score", "possible", "passed", "message"}``.
    """
    limits = limits or Limits()
    notebook = Path(notebook)
    seed = submission_seed(notebook.read_bytes(), exercise.stem) if seed is None else seed
    questions: dict[str, dict] = {}
    notes: list[str] = []
    session: Session | None = None
    student: Student | None = None
    starts, stopped, ignored = 0, "", 0
    try:
        for index, q in enumerate(exercise.questions):
            result = {"score": 0.0, "possible": q.points, "passed": False, "message": ""}
            questions[q.name] = result
            if stopped:
                result["message"] = stopped
                continue
            if session is None:
                if starts >= limits.starts:
                    stopped = f"not graded: the submission's process was started {starts} times and failed each time"
                    result["message"] = stopped
                    continue
                starts += 1
                session = Session(notebook, limits)
                student = Student(session)
                try:
                    run, _ = session.request({"op": "run", "cell_timeout": limits.cell, "output_limit": limits.output},
                                             [], time.monotonic() + limits.run)
                except WorkerFailed as failure:
                    session.kill()
                    session = None
                    stopped = f"not graded: running the notebook failed: {failure}"
                    notes.append(stopped)
                    result["message"] = stopped
                    continue
                if starts == 1:
                    notes.extend(f"{e}" for e in _strings(run.get("errors")))
                    printed = run.get("printed")
                    if isinstance(printed, int) and printed > limits.output:
                        notes.append(f"the notebook printed {printed:,} characters; the first {limits.output:,} were kept")
                else:
                    notes.append(f"a fresh sandbox ran the notebook again for {q.name}")
            student.deadline = time.monotonic() + q.time_limit
            try:
                q.check(student, np.random.default_rng([seed, index]))
            except Wrong as wrong:
                result["message"] = str(wrong)[:1000]
            except WorkerFailed as failure:
                result["message"] = str(failure)[:1000]
                notes.append(f"{q.name}: {failure}"[:1000])
                ignored += session.ignored
                session.kill()
                session = None
            except Exception as error:  # noqa: BLE001 - an answer the question did not foresee is a wrong answer
                result["message"] = f"unexpected answer ({type(error).__name__}: {error})"[:1000]
            else:
                result.update(score=q.points, passed=True, message="passed")
    finally:
        if session is not None:
            ignored += session.ignored
            session.kill()
    if ignored:
        notes.append(f"{ignored} messages from the submission's process answered no request and were ignored")
    return {"questions": questions, "notes": notes,
            "status": "graded" if not stopped else "incomplete"}
