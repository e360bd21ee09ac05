"""The sandboxed end of grading: runs a submission's cells, then answers the judge's requests.

Taught on the book's *Exercises* pages (``exercises/index.md``, "For instructors"). Started by
:mod:`dlcourse.exercises.sandbox` as ``python -m dlcourse.exercises.worker`` inside the sandbox, with the
submission as ``submission.ipynb`` in its working folder. Nothing here is trusted: the submission's code
runs in this process and may change any of it. The judge (:mod:`dlcourse.exercises.judge`) therefore
sends no tests and no expected values, only requests (:mod:`dlcourse.exercises.protocol`):

* ``run``: execute the code cells in an IPython shell (each under ``cell_timeout`` seconds, printed output
  kept up to a limit, the notebook's own ``grader`` lines skipped); reply with the cells that raised;
* ``call``: call a named function of the notebook (or a kept value) on the given inputs; reply with the
  result as plain data, or the error it raised; ``keep`` keeps the result here and replies with a reference;
  ``return_args`` also sends the arguments back after the call (to see whether it changed them);
* ``get``: reply with the value of a named variable.

Each reply repeats the request's ``id`` and ``nonce``. File descriptors 0, 1 and 2 point at /dev/null
before any submitted code runs.
"""
from __future__ import annotations

import os
import re
import signal
import sys
import time

from . import protocol

_GRADER_LINE = re.compile(r"^\s*(grader\s*=.*|grader\.\w+\(.*\)\s*|import otter\s*)$")


class CellTimeout(BaseException):
    """Raised in a cell when its time is up (a BaseException, so ``except Exception`` misses it)."""


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


def strip_grader_calls(source: str) -> str:
    """Skip the notebook's own otter lines (``grader = ...``, ``grader.check(...)``, ``grader.export(...)``)."""
    return "\n".join("pass" if _GRADER_LINE.match(line) else line for line in source.split("\n"))


def _short(text: str, limit: int = 300) -> str:
    return text if len(text) <= limit else text[:limit] + " ..."


def _on_alarm(signum, frame):
    raise CellTimeout()


class _Cell(dict):
    @property
    def source(self) -> str:
        return self.get("source", "")


def read_cells(path: str) -> list[dict]:
    """The notebook's cells, ``{"cell_type", "source"}``, read as plain JSON.

    ``nbformat`` takes most of a second to import (its schema validator), once per sandbox; a notebook of
    format 4 needs none of it. An older format is converted by ``nbformat``.
    """
    import json

    with open(path, "rb") as handle:
        notebook = json.loads(handle.read().decode("utf-8"))
    if not isinstance(notebook, dict):
        raise ValueError("the file is not a notebook (no JSON object)")
    if notebook.get("nbformat", 4) != 4:
        import nbformat

        notebook = nbformat.read(path, as_version=4)
    cells = notebook.get("cells")
    if not isinstance(cells, list):
        raise ValueError("the notebook has no list of cells")
    found = []
    for cell in cells:
        if not isinstance(cell, dict):
            continue
        source = cell.get("source", "")
        source = "".join(str(s) for s in source) if isinstance(source, list) else str(source)
        found.append(_Cell(cell_type=cell.get("cell_type"), source=source))
    return found


def run_cells(path: str, cell_timeout: float, output_limit: int) -> dict:
    from IPython.core.interactiveshell import InteractiveShell

    errors = []
    try:
        notebook_cells = read_cells(path)
    except Exception as error:  # noqa: BLE001 - the judge reports it
        return {"errors": [f"not a readable notebook: {type(error).__name__}: {_short(str(error))}"], "cells": 0}
    shell = InteractiveShell.instance()
    captured = CappedText(output_limit)
    sys.stdout = sys.stderr = captured
    cells = [c for c in notebook_cells if c.get("cell_type") == "code"]
    for index, cell in enumerate(notebook_cells):
        if cell.get("cell_type") != "code":
            continue
        signal.setitimer(signal.ITIMER_REAL, cell_timeout, 0.2)  # repeats: `except BaseException` in a cell
        try:
            outcome = shell.run_cell(strip_grader_calls(str(cell.source)), store_history=False, silent=False)
            error = outcome.error_in_exec or outcome.error_before_exec
        except CellTimeout as stop:
            error = stop
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
        if isinstance(error, CellTimeout):
            errors.append(f"cell {index}: stopped after {cell_timeout:g} s")
        elif error is not None:
            errors.append(f"cell {index}: {type(error).__name__}: {_short(str(error))}")
    return {"errors": errors[:50], "cells": len(cells), "printed": captured.size}


def _matplotlib_cache() -> None:
    """Copy the judge's font cache (read-only in the sandbox) where matplotlib looks, to spare a rebuild."""
    import shutil

    target = os.environ.get("MPLCONFIGDIR")
    if target and os.path.isdir("/tmp/matplotlib-cache"):
        shutil.copytree("/tmp/matplotlib-cache", target, dirs_exist_ok=True)


def main() -> None:
    replies = os.fdopen(os.dup(1), "wb", buffering=0)
    requests = os.fdopen(os.dup(0), "rb", buffering=0)
    devnull = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(devnull, fd)
    signal.signal(signal.SIGALRM, _on_alarm)
    try:
        _matplotlib_cache()
    except OSError:
        pass
    reader = protocol.Reader(requests, max_message=1 << 30, max_total=1 << 40)
    namespace: dict = {}
    kept: dict = {}

    def keep(value) -> dict:
        kept[len(kept)] = value
        return {"t": "ref", "id": len(kept) - 1, "callable": callable(value), "type": type(value).__name__}

    while True:
        try:
            header, blobs = reader.read()
        except EOFError:
            break
        reply: dict = {"id": header.get("id"), "nonce": header.get("nonce")}
        out: list[bytes] = []
        op = header.get("op")
        try:
            if op == "run":
                started = time.monotonic()
                reply.update(run_cells("submission.ipynb", float(header["cell_timeout"]), int(header["output_limit"])))
                from IPython.core.interactiveshell import InteractiveShell

                if InteractiveShell.initialized():
                    namespace = InteractiveShell.instance().user_ns
                reply["seconds"] = round(time.monotonic() - started, 3)
            elif op == "get":
                name = header["name"]
                if name not in namespace:
                    reply["missing"] = True
                else:
                    reply["value"] = protocol.encode(namespace[name], out)
            elif op == "call":
                target = header.get("name")
                if target is not None and target not in namespace:
                    reply["missing"] = True
                else:
                    function = namespace[target] if target is not None else kept[header["ref"]]
                    args = [protocol.decode(a, blobs, functions=True, refs=kept) for a in header["args"]]
                    kwargs = {k: protocol.decode(v, blobs, functions=True, refs=kept)
                              for k, v in header.get("kwargs", {}).items()}
                    try:
                        result = function(*args, **kwargs)
                    except Exception as error:  # noqa: BLE001 - the student's error, reported as such
                        reply["raised"] = f"{type(error).__name__}: {_short(str(error))}"
                    else:
                        reply["value"] = (keep(result) if header.get("keep")
                                          else protocol.encode(result, out))
                        if header.get("return_args"):
                            reply["args"] = [protocol.encode(a, out) for a in args]
            else:
                reply["raised"] = f"unknown request {op!r}"
        except BaseException as error:  # noqa: BLE001 - a reply must go back whatever happened
            reply["raised"] = f"{type(error).__name__}: {_short(str(error))}"
        try:
            replies.write(protocol.pack(reply, out))
        except (ValueError, TypeError):
            replies.write(protocol.pack({"id": reply["id"], "nonce": reply["nonce"],
                                         "raised": "the reply could not be encoded"}))
    os._exit(0)  # do not wait for threads the submission may have started


if __name__ == "__main__":
    main()
