"""Peak memory (RSS) of running chapter 4's notebooks, against the 1.5 GB budget for a Binder session.

Each notebook of ``chapters/ch4_cnn/`` is executed top to bottom by ``jupyter nbconvert --execute`` in a
fresh process tree (the output goes to a temporary folder; the stored notebooks are not touched). The kernel
is a child of nbconvert, so the peak is read with ``getrusage(RUSAGE_CHILDREN).ru_maxrss`` in a small
wrapper process: the largest resident set of any process in the tree, which is the kernel. Binder gives
2 GB per session; the course's budget for a notebook is 1.5 GB (the Jupyter server and the browser
connection need the rest). Prints the peak per notebook and the ratio to the budget, with the wall-clock
and the CPU time of the run (CPU time is a better guide than wall-clock on a shared machine).

    python benchmarks/cnn_memory.py [--full] [NOTEBOOK ...]

Quick mode (the default here, as in CI) unless ``--full`` is given.
"""
from __future__ import annotations

import argparse
import glob
import os
import subprocess
import sys
import tempfile
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
BUDGET_BYTES = 1.5 * 1024 ** 3

WRAPPER = r"""
import resource, subprocess, sys
rc = subprocess.call(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
print(rc, usage.ru_maxrss, usage.ru_utime + usage.ru_stime)   # ru_maxrss is in KiB on Linux
"""


def peak_rss(notebook: str, full: bool, timeout: int) -> tuple[int, float, float, float]:
    """Run one notebook; return (exit code, peak RSS in bytes, wall seconds, CPU seconds of the tree)."""
    env = dict(os.environ)
    env["DLCOURSE_QUICK"] = "0" if full else "1"
    if os.path.isdir(os.path.join(ROOT, "..", "shared", "datasets")):
        env.setdefault("DLCOURSE_DATA_SEARCH", os.path.abspath(os.path.join(ROOT, "..", "shared", "datasets")))
    jupyter = os.path.join(os.path.dirname(sys.executable), "jupyter")
    with tempfile.TemporaryDirectory() as out:
        command = [sys.executable, "-c", WRAPPER, jupyter, "nbconvert", "--to", "notebook", "--execute",
                   f"--ExecutePreprocessor.timeout={timeout}", "--output-dir", out, os.path.basename(notebook)]
        start = time.perf_counter()
        result = subprocess.run(command, cwd=os.path.dirname(notebook), env=env, capture_output=True, text=True)
        seconds = time.perf_counter() - start
    rc, kib, cpu = result.stdout.split()
    return int(rc), int(kib) * 1024.0, seconds, float(cpu)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("notebooks", nargs="*", help="default: every chapters/ch4_cnn/[0-9]*.ipynb")
    parser.add_argument("--full", action="store_true", help="run in full mode instead of quick mode")
    parser.add_argument("--timeout", type=int, default=1800, help="per-cell timeout in seconds")
    args = parser.parse_args()
    notebooks = [os.path.abspath(p) for p in args.notebooks] or sorted(
        glob.glob(os.path.join(ROOT, "chapters", "ch4_cnn", "[0-9]*.ipynb")))
    mode = "full" if args.full else "quick"
    print(f"peak RSS of each notebook's process tree ({mode} mode), budget {BUDGET_BYTES / 1024 ** 3:.1f} GiB")
    worst = 0.0
    for path in notebooks:
        rc, peak, seconds, cpu = peak_rss(path, args.full, args.timeout)
        ratio = peak / BUDGET_BYTES
        worst = max(worst, ratio)
        status = "ok" if rc == 0 and ratio <= 1 else ("FAILED to run" if rc else "OVER budget")
        print(f"{os.path.basename(path):28s} peak {peak / 1024 ** 2:7.0f} MiB  ratio to budget {ratio:.2f}  "
              f"(wall {seconds:.0f} s, CPU {cpu:.0f} s)  {status}")
    print(f"ratio worst notebook / budget: {worst:.2f}")


if __name__ == "__main__":
    main()
