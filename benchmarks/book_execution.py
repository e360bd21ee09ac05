"""Executing the book: two kernels with one thread each, against one kernel with every thread.

    python benchmarks/book_execution.py [--mode quick|full] [NOTEBOOK ...]   # default: quick, every page

Runs ``tools/execute_notebooks.py`` twice over the same notebooks, each time from an empty cache: once with
``--jobs 2 --threads 1`` (the Makefile's default on a machine with two or more cores) and once with
``--jobs 1`` and no thread limit (serial, every kernel free to use all cores). Prints both wall times and
the ratio serial / parallel: above 1.00 the default is the faster choice. The full-mode run is the one that
decides (the whole full book takes about half an hour per configuration on 2 cores); ``make bench`` runs
the quick mode. Trained networks cached by ``dlcourse.recipe`` are kept in a temporary data home per run,
so both runs train them.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def execute(notebooks: list[str], mode: str, jobs: int, threads: int | None) -> tuple[float, dict]:
    work = Path(tempfile.mkdtemp(prefix="book-bench-"))
    home = work / "data"
    source = Path(os.environ.get("DLCOURSE_DATA") or Path.home() / ".cache" / "dlcourse")
    for folder in ("mnist", "fashion-mnist"):  # the data sets, but no cached models
        if (source / folder).is_dir():
            shutil.copytree(source / folder, home / folder)
    command = [sys.executable, str(ROOT / "tools" / "execute_notebooks.py"), "--mode", mode, "--cache",
               str(work / "cache"), "--jobs", str(jobs), "--report", str(work / "report.json"), *notebooks]
    if threads:
        command[3:3] = ["--threads", str(threads)]
    done = subprocess.run(command, cwd=ROOT, env=dict(os.environ, DLCOURSE_DATA=str(home)))
    report = json.loads((work / "report.json").read_text())
    shutil.rmtree(work, ignore_errors=True)
    if done.returncode != 0:
        sys.exit(f"execution failed with jobs={jobs}, threads={threads}")
    return report["wall_seconds"], {row["notebook"]: row["seconds"] for row in report["notebooks"]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("notebooks", nargs="*")
    parser.add_argument("--mode", choices=["quick", "full"], default="quick")
    args = parser.parse_args()
    notebooks = args.notebooks or sorted(str(p.relative_to(ROOT)) for p in ROOT.glob("chapters/*/[0-9]*.ipynb"))
    cores = os.cpu_count() or 1
    parallel, per_page_parallel = execute(notebooks, args.mode, jobs=2, threads=1)
    serial, per_page_serial = execute(notebooks, args.mode, jobs=1, threads=None)
    print(f"{len(notebooks)} notebooks, {args.mode} mode, {cores} cores")
    print(f"  2 kernels x 1 thread : {parallel:7.1f} s wall (slowest page {max(per_page_parallel.values()):.0f} s)")
    print(f"  1 kernel x {cores} threads: {serial:7.1f} s wall (slowest page {max(per_page_serial.values()):.0f} s)")
    print(f"ratio serial / parallel: {serial / parallel:.2f} (above 1.00: two single-threaded kernels are faster)")


if __name__ == "__main__":
    main()
