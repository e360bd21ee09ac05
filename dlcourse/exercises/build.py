"""``python -m dlcourse.exercises build``: student notebooks and public tests from the sources.

Taught on the book's *Exercises* pages (``exercises/index.md``). For every ``exercises/source/NN_*.ipynb``
(solutions and public tests in otter-grader's format; the graded questions are the judge's, in
``grading/NN_*.py``) this runs ``otter assign`` in a temporary folder and writes:

* ``exercises/NN_*.ipynb`` - the student notebook: solutions replaced by stubs that raise
  ``NotImplementedError``, a ``grader.check("qN")`` cell after each question and a final export cell
  (tagged ``skip-execution`` so that building the book writes no zip file). It is then executed once in
  quick mode, every cell that a stub stops is tagged ``raises-exception`` (the tag that the book build and
  ``jupyter nbconvert --execute`` honour: the error is shown and execution goes on), and every output is
  removed again: like every committed notebook, it is stored without outputs;
* ``exercises/tests/NN_*/qN.py`` - the public tests (committed: Colab downloads them), run by
  ``grader.check("qN")`` for immediate feedback.
"""
from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import nbformat

REPO = Path(__file__).resolve().parents[2]
EXERCISES = REPO / "exercises"
STUB = 'raise NotImplementedError("Replace this line with your code.")'
_SETUP_CALL = re.compile(r'notebook_grader\(\s*"(?P<stem>[^"]+)"\s*,\s*(?P<questions>\[[^\]]*\])\s*\)')


def sources(source_dir: Path) -> list[Path]:
    """The source notebooks, in numeric order."""
    return sorted(p for p in Path(source_dir).glob("[0-9]*.ipynb"))


def _run_otter_assign(source: Path, workdir: Path) -> Path:
    """Run ``otter assign`` on a copy of ``source`` in ``workdir``; return the output folder."""
    copy = workdir / source.name
    shutil.copyfile(source, copy)
    out = workdir / "dist"
    cmd = [sys.executable, "-m", "otter", "assign", "--no-run-tests", "--no-pdfs", copy.name, "dist"]
    # otter assign leaves a copy of every test, hidden ones included, in a mkdtemp() folder it never
    # removes: point TMPDIR into our own temporary folder so that copy is deleted with it
    scratch = workdir / "tmp"
    scratch.mkdir()
    done = subprocess.run(cmd, cwd=workdir, capture_output=True, text=True, env={**os.environ, "TMPDIR": str(scratch)})
    if done.returncode != 0 or not (out / "student" / source.name).is_file():
        raise RuntimeError(f"otter assign failed on {source.name}:\n{done.stdout}\n{done.stderr}")
    return out


def _stub(cell) -> None:
    """Turn otter's ``...`` placeholder lines inside function bodies into a raise that says what to do."""
    lines = cell.source.split("\n")
    cell.source = "\n".join(re.sub(r"^(\s+)\.\.\.\s*$", lambda m: m.group(1) + STUB, line) for line in lines)


def student_notebook(path: Path):
    """Post-process otter's student notebook: stubs that raise, export cell not run by builds, no outputs."""
    nb = nbformat.read(path, as_version=4)
    cells = []
    for cell in nb.cells:
        if cell.cell_type == "markdown" and not cell.source.strip():
            continue  # otter's trailing empty cell
        tags = cell.metadata.get("tags", [])
        if cell.cell_type == "code" and "otter_answer_cell" in tags:
            _stub(cell)
        if cell.cell_type == "code" and "grader.export(" in cell.source:
            cell.metadata["tags"] = sorted(set(tags) | {"skip-execution"})
        for key in ("execution", "collapsed", "scrolled"):
            cell.metadata.pop(key, None)
        cells.append(cell)
    nb.cells = cells
    for index, cell in enumerate(nb.cells):
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
        # otter gives its cells random ids; ids from the content keep rebuilds free of churn
        cell.id = hashlib.sha1(f"{index}:{cell.cell_type}:{cell.source}".encode()).hexdigest()[:8]
    return nb


def setup_questions(nb) -> tuple[str, list[str]]:
    """The notebook stem and the question list named in the notebook's ``notebook_grader(...)`` call."""
    for cell in nb.cells:
        match = _SETUP_CALL.search(cell.source) if cell.cell_type == "code" else None
        if match:
            return match["stem"], json.loads(match["questions"].replace("'", '"'))
    raise ValueError("no notebook_grader(\"<stem>\", [...]) call in the notebook")


def execute_and_tag(path: Path, timeout: int = 600) -> list[int]:
    """Execute a student notebook (quick mode), tag the cells that raise, and write it back without outputs.

    Returns the indices of the tagged cells.
    """
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code":
            tags = [t for t in cell.metadata.get("tags", []) if t != "raises-exception"]
            cell.metadata["tags"] = tags
            if not tags:
                del cell.metadata["tags"]
    env_quick = os.environ.get("DLCOURSE_QUICK")
    os.environ["DLCOURSE_QUICK"] = "1"
    try:
        NotebookClient(nb, timeout=timeout, allow_errors=True, kernel_name="python3",
                       resources={"metadata": {"path": str(path.parent)}}).execute()
    finally:
        if env_quick is None:
            os.environ.pop("DLCOURSE_QUICK", None)
        else:
            os.environ["DLCOURSE_QUICK"] = env_quick
    tagged = []
    for index, cell in enumerate(nb.cells):
        cell.metadata.pop("execution", None)  # timestamps: noise in the repository
        if cell.cell_type != "code":
            continue
        if any(o.get("output_type") == "error" for o in cell.outputs):
            cell.metadata["tags"] = sorted(set(cell.metadata.get("tags", [])) | {"raises-exception"})
            tagged.append(index)
        # The book executes the notebook when it is built; stored outputs could only be stale.
        cell.outputs, cell.execution_count = [], None
    nbformat.write(nb, path)
    log = path.parent / ".OTTER_LOG"  # written by grader.check; not part of the repository
    if log.exists():
        log.unlink()
    return tagged


def build(source_dir: Path = EXERCISES / "source", student_dir: Path = EXERCISES,
          execute: bool = True, verbose: bool = True) -> list[Path]:
    """Build every source notebook; returns the student notebooks written."""
    source_dir, student_dir = Path(source_dir), Path(student_dir)
    todo = sources(source_dir)
    with contextlib.ExitStack() as stack:
        tmps = [Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="dlcourse-assign-"))) for _ in todo]
        # otter assign spends most of its time starting up: run them side by side
        with ThreadPoolExecutor(max_workers=2) as pool:
            outs = list(pool.map(_run_otter_assign, todo, tmps))
        written = _write_outputs(todo, outs, student_dir, execute, verbose)
    return written


def _write_outputs(todo, outs, student_dir: Path, execute: bool, verbose: bool) -> list[Path]:
    """Post-process otter's output for each source; write, and optionally execute, the student notebooks."""
    written = []
    for source, out in zip(todo, outs):
        stem = source.stem
        nb = student_notebook(out / "student" / source.name)
        named_stem, questions = setup_questions(nb)
        public = sorted(p.stem for p in (out / "student" / "tests").glob("*.py"))
        if named_stem != stem or sorted(questions) != public:
            raise ValueError(f"{source.name}: the setup cell names {named_stem!r} {questions} but otter found "
                             f"public tests {public}")
        target = student_dir / source.name
        student_dir.mkdir(parents=True, exist_ok=True)
        nbformat.write(nb, target)
        tests = student_dir / "tests" / stem
        shutil.rmtree(tests, ignore_errors=True)
        shutil.copytree(out / "student" / "tests", tests)
        if execute:
            tagged = execute_and_tag(target)
            if verbose:
                print(f"{target.relative_to(student_dir.parent) if student_dir.parent in target.parents else target}: "
                      f"{len(questions)} questions; cells stopped by stubs: {tagged}")
        elif verbose:
            print(f"{target.name}: {len(questions)} questions (not executed)")
        written.append(target)
    return written
