"""Grading with the judge: time per submission, the sandbox's overhead, and a class of 200.

    python benchmarks/grading.py [--sample 40] [--jobs 2] [--exercises 05_ch5_applications ...]

1. Sandbox overhead: the worker started and asked to run a one-cell notebook, once directly as a plain
   subprocess and once inside the bubblewrap sandbox (:mod:`dlcourse.exercises.sandbox`), best of 5 each;
   prints both times and the ratio sandboxed / plain.
2. A class: ``--sample`` submissions (the exercises' solutions and untouched student notebooks, in
   turn; a solution is the source notebook without its public-test cells, as a student who solved every
   question hands it in: the student's ``grader.check`` lines are not run by the judge) graded by ``python -m dlcourse.exercises grade`` with ``--jobs`` jobs; prints the time per
   submission and the time for a class of 200 extrapolated from the sample, against the target of 15
   minutes;
3. Per exercise: the mean grading time of a solution and of an untouched notebook (each measured while
   ``--jobs`` submissions are graded at once), and a class of 200 that all hand in a full solution of that
   exercise (the worst case: Exercises 4's solution trains a CNN that the judge measures, and is answered by
   two sandboxes, the NumPy-only one and the PyTorch one; Exercises 5's unrestricted sandbox loads TensorFlow
   for its Keras question, about 4 CPU seconds of its grading).

``--exercises`` limits the sample to those exercises (by stem), e.g. to time one exercise before and after
a change to its questions; the sample is then at least one solution and one untouched notebook of each.
"""
from __future__ import annotations

import argparse
import json
import statistics
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from dlcourse.exercises import judge, protocol, sandbox  # noqa: E402


def _one_run(process) -> float:
    started = time.monotonic()
    process.stdin.write(protocol.pack({"op": "run", "id": 1, "nonce": "n", "cell_timeout": 60, "output_limit": 1000}))
    process.stdin.flush()
    protocol.Reader(process.stdout, 1 << 20, 1 << 20).read()
    return time.monotonic() - started


def overhead(repeats: int = 5) -> tuple[float, float]:
    """Best wall time of starting the worker and running ``import numpy`` in it: plain, sandboxed."""
    work = Path(tempfile.mkdtemp(prefix="grading-bench-"))
    notebook = work / "submission.ipynb"
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("import numpy as np\nx = np.ones(3)")]
    nbformat.write(nb, notebook)
    plain, boxed = [], []
    for _ in range(repeats):
        started = time.monotonic()
        process = subprocess.Popen([sys.executable, "-m", "dlcourse.exercises.worker"], cwd=work, env=sandbox.environment(),
                                   stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        _one_run(process)
        process.kill()
        process.wait()
        plain.append(time.monotonic() - started)
        started = time.monotonic()
        box = sandbox.Sandbox(notebook)
        _one_run(box.process)
        box.kill()
        boxed.append(time.monotonic() - started)
    shutil.rmtree(work)
    return min(plain), min(boxed)


def _without_tests(cells: list) -> list:
    """The cells of a source notebook without the public tests (between ``# BEGIN TESTS`` and ``# END TESTS``)."""
    kept, inside = [], False
    for cell in cells:
        if cell.cell_type == "raw" and cell.source.startswith("# BEGIN TESTS"):
            inside = True
        elif cell.cell_type == "raw" and cell.source.startswith("# END TESTS"):
            inside = False
        elif not inside:
            kept.append(cell)
    return kept


def grade_sample(sample: int, jobs: int, only: list[str] | None = None) -> tuple[float, dict[str, int], list[dict]]:
    work = Path(tempfile.mkdtemp(prefix="grading-class-"))
    stems = sorted(p.stem for p in (ROOT / "exercises" / "source").glob("[0-9]*.ipynb"))
    if only:
        unknown = sorted(set(only) - set(stems))
        if unknown:
            sys.exit(f"no such exercise: {unknown}")
        stems = sorted(only)
    counts = dict.fromkeys(stems, 0)
    for index in range(sample):
        stem = stems[index % len(stems)]
        kind = "solution" if (index // len(stems)) % 2 == 0 else "untouched"
        source = ROOT / "exercises" / ("source" if kind == "solution" else "") / f"{stem}.ipynb"
        nb = nbformat.read(source, as_version=4)
        if kind == "solution":
            nb.cells = _without_tests(nb.cells)
        nb.cells.append(nbformat.v4.new_markdown_cell(f"student {index}"))  # a different file, as in a class
        (work / "subs" / stem).mkdir(parents=True, exist_ok=True)
        nbformat.write(nb, work / "subs" / stem / f"{kind}{index:03d}.ipynb")
        counts[stem] += 1
    started = time.monotonic()
    subprocess.run([sys.executable, "-m", "dlcourse.exercises", "grade", str(work / "subs"), "--out",
                    str(work / "grades"), "--jobs", str(jobs)], cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    seconds = time.monotonic() - started
    results = json.loads((work / "grades" / "scores.json").read_text())
    shutil.rmtree(work)
    return seconds, counts, results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sample", type=int, default=40, help="submissions graded (at least 20)")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--exercises", nargs="+", metavar="STEM", help="only these exercises (default: all)")
    args = parser.parse_args()
    if not sandbox.available():
        sys.exit(sandbox.INSTALL_HINT)
    import os

    print(f"{os.cpu_count()} CPUs; load average before: {os.getloadavg()[0]:.2f} (other work slows every time below)")
    plain, boxed = overhead()
    print(f"worker start + run of a 1-cell notebook: plain {plain:.2f} s, sandboxed {boxed:.2f} s, "
          f"overhead {boxed - plain:+.2f} s, ratio {boxed / plain:.2f}")
    least = 2 * len(args.exercises) if args.exercises else 20
    seconds, counts, results = grade_sample(max(least, args.sample), args.jobs, args.exercises)
    n = sum(counts.values())
    per = seconds / n
    print(f"class sample: {n} submissions in {seconds:.1f} s with {args.jobs} jobs ({per:.2f} s per submission, "
          f"wall); per exercise: {counts}")
    print(f"class of 200, extrapolated from the sample: {200 * per / 60:.1f} min; target 15 min; "
          f"ratio to target {200 * per / 900:.2f}")
    bad = [r["submission"] for r in results if r["submission"].split("/")[-1].startswith("solution") and r["score"] != r["possible"]]
    if bad:
        print(f"warning: solutions without full marks: {bad}")
    for stem in sorted(counts):
        times = {kind: [r["seconds"] for r in results if r["exercise"] == stem and r["submission"].split("/")[-1].startswith(kind)]
                 for kind in ("solution", "untouched")}
        if not times["solution"]:
            continue
        cpu = statistics.mean(r.get("cpu_seconds", float("nan")) for r in results if r["exercise"] == stem
                              and r["submission"].split("/")[-1].startswith("solution"))
        print(f"{stem}: CPU time of a solution's grading {cpu:.1f} s (sandboxes and judge); a class of 200 on "
              f"{args.jobs} otherwise idle cores: {200 * cpu / args.jobs / 60:.1f} min")
        solution = statistics.mean(times["solution"])
        untouched = statistics.mean(times["untouched"]) if times["untouched"] else float("nan")
        print(f"{stem}: solution {solution:.1f} s (n={len(times['solution'])}, max {max(times['solution']):.1f}), "
              f"untouched {untouched:.1f} s; a class of 200 solutions with {args.jobs} jobs: "
              f"{200 * solution / args.jobs / 60:.1f} min (ratio to target {200 * solution / args.jobs / 900:.2f})")


if __name__ == "__main__":
    main()
