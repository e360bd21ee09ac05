"""Execute the course's notebooks once, several at a time, into the book's execution cache.

    python tools/execute_notebooks.py --mode quick|full --cache DIR [--jobs N] [--threads N]
        [--timeout S] [--page-limit S] [--report FILE] BOOK_NOTEBOOKS... [--also NOTEBOOKS...]

This is the test of the notebooks and the execution of the book in one pass: every notebook runs top to
bottom in a fresh kernel, any error fails the run (a cell tagged ``raises-exception`` may raise, one tagged
``skip-execution`` is skipped, as in the book), and the executed copies of the book's pages go into the
jupyter-cache that ``jupyter-book build`` reads (``execute_notebooks: cache``), so the book build executes
nothing itself. The checks live in the notebooks as ``assert`` statements; nothing compares stored outputs
(the committed notebooks have none). ``--also`` notebooks (the exercises' solutions) are executed and
checked but not cached: they are not pages of the book.

Why not ``jupyter-book``'s own execution: it runs notebooks one at a time, and its parallel pre-execution
(jupyter-cache's forked workers) stalled kernels for minutes on this project's CI. Here each notebook runs
in its own process (a small nbclient driver, this file with ``--worker``), ``--jobs`` at a time, each
kernel limited to ``--threads`` BLAS/framework threads. ``benchmarks/book_execution.py`` measures the
choice of jobs and threads.

A cached notebook is executed again when its code cells change (jupyter-cache's hash) or when the *stamp*
changes: the mode, the data available (full MNIST or the 5,000-digit fallback, Fashion-MNIST or not) and
the source of the ``dlcourse`` package, so the book never shows outputs that the current code and data
would not produce. Every notebook's wall time is printed, slowest first, and written to ``--report``; a
notebook over ``--page-limit`` seconds fails the run.

Order: the ``--first`` notebooks run first, one at a time and free to use every core: they train the
networks that later pages load from ``dlcourse.recipe``'s cache (chapter 4's), and a training loop on two
threads is nearly twice as fast as on one, so no page waits for a network or takes longer than it must.
Then the rest run ``--jobs`` at a time, longest first (times from the last report), so the last ones to
start are short.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
THREAD_VARIABLES = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "TF_NUM_INTRAOP_THREADS",
                    "TF_NUM_INTEROP_THREADS")


# ---------------------------------------------------------------------------------------------------------
# One notebook, in its own process
# ---------------------------------------------------------------------------------------------------------
def worker(source: Path, target: Path, timeout: int) -> int:
    """Execute ``source`` in a fresh kernel with its folder as working directory; write it to ``target``."""
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError, CellTimeoutError

    from jupyter_client.manager import KernelManager

    nb = nbformat.read(source, as_version=4)
    # Unix sockets, not TCP on localhost: a client that connects to a kernel's port before the kernel has
    # bound it can be handed that very port as its own source port and connect to itself (TCP self-connect),
    # after which both sides wait for each other for good. Seen here as pages that sat idle for 600 s.
    runtime = Path(tempfile.mkdtemp(prefix="kernel-"))
    manager = KernelManager(kernel_name="python3", transport="ipc", ip=str(runtime / "ipc"),
                            connection_file=str(runtime / "connection.json"))
    client = NotebookClient(nb, km=manager, timeout=timeout, kernel_name="python3", allow_errors=False,
                            record_timing=False, resources={"metadata": {"path": str(source.parent)}})
    start = time.perf_counter()
    try:
        client.execute()
    except (CellExecutionError, CellTimeoutError) as error:
        print(str(error)[-6000:], file=sys.stderr)
        return 1
    finally:
        print(f"kernel started, ran and shut down in {time.perf_counter() - start:.1f} s", file=sys.stderr)
        shutil.rmtree(runtime, ignore_errors=True)
    nbformat.write(nb, target)
    return 0


# ---------------------------------------------------------------------------------------------------------
# The stamp: what besides the code cells decides a page's outputs
# ---------------------------------------------------------------------------------------------------------
# The judge's modules run only when a class is graded, never in a page: a change to them re-executes nothing.
JUDGE_ONLY = {"__main__.py", "build.py", "expect.py", "grade.py", "judge.py", "protocol.py", "questions.py",
              "release.py", "sandbox.py", "worker.py"}


def package_digest() -> str:
    """A hash of the dlcourse sources a page can execute (every module but the judge's own)."""
    digest = hashlib.sha256()
    for path in sorted((ROOT / "dlcourse").rglob("*.py")):
        if path.parent.name == "exercises" and path.name in JUDGE_ONLY:
            continue
        digest.update(str(path.relative_to(ROOT)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def data_state() -> dict[str, bool]:
    """Which data sets are complete and verified in the data home (no fetching)."""
    sys.path.insert(0, str(ROOT))
    from dlcourse import data

    return {name: data.complete(name) for name in data.SPECS}


def stamp(mode: str) -> dict:
    return {"mode": mode, "data": data_state(), "dlcourse": package_digest()}


# ---------------------------------------------------------------------------------------------------------
# Many notebooks
# ---------------------------------------------------------------------------------------------------------
def kernel_environment(mode: str, threads: int | None) -> dict[str, str]:
    env = dict(os.environ, DLCOURSE_QUICK="1" if mode == "quick" else "0", TF_CPP_MIN_LOG_LEVEL="2",
               PYDEVD_DISABLE_FILE_VALIDATION="1")
    if threads:
        env.update({name: str(threads) for name in THREAD_VARIABLES})
    return env


def run_one(path: Path, env: dict, timeout: int) -> tuple[Path, float, str | None, Path | None]:
    """Execute one notebook in a worker process; ``(path, seconds, error or None, executed copy)``."""
    fd, out = tempfile.mkstemp(suffix=".ipynb", prefix="executed-")
    os.close(fd)
    # The worker's output goes to a file, not a pipe: a pipe is only closed when every process holding it
    # has exited, so a process left behind by the kernel would keep us waiting after the notebook finished.
    with tempfile.TemporaryFile(mode="w+") as log:
        start = time.perf_counter()
        done = subprocess.run([sys.executable, __file__, "--worker", str(path), out, "--timeout", str(timeout)],
                              env=env, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        seconds = time.perf_counter() - start
        log.seek(0)
        output = log.read().strip()
    if done.returncode != 0:
        os.remove(out)
        return path, seconds, output or f"worker exited with {done.returncode}", None
    kernel = re.search(r"shut down in ([0-9.]+) s", output)
    if kernel and seconds > float(kernel.group(1)) + 30:
        print(f"  note: {path} took {seconds:.0f} s, of which the kernel {kernel.group(1)} s", flush=True)
    return path, seconds, None, Path(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("notebooks", nargs="*", type=Path)
    parser.add_argument("--also", nargs="*", type=Path, default=[], help="execute and check, but do not cache")
    parser.add_argument("--mode", choices=["quick", "full"])
    parser.add_argument("--cache", type=Path, help="the book's jupyter-cache folder")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--threads", type=int, default=None, help="threads per kernel (default: all)")
    parser.add_argument("--timeout", type=int, default=600, help="seconds per cell")
    parser.add_argument("--page-limit", type=float, default=None, help="fail any notebook slower than this")
    parser.add_argument("--force", action="store_true", help="execute even what the cache holds")
    parser.add_argument("--first", nargs="*", type=Path, default=[],
                        help="run these first, one at a time with every core (the pages that train cached networks)")
    parser.add_argument("--report", type=Path, default=None)
    parser.add_argument("--worker", nargs=2, metavar=("SOURCE", "TARGET"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        return worker(Path(args.worker[0]), Path(args.worker[1]), args.timeout)
    if not args.mode or not args.cache:
        parser.error("--mode and --cache are required")

    import nbformat
    from jupyter_cache import get_cache
    from jupyter_cache.base import CacheBundleIn

    cache = get_cache(args.cache)
    current = stamp(args.mode)
    todo, cached = [], []
    for path in args.notebooks:
        record = None
        if not args.force:
            try:
                record = cache.match_cache_notebook(nbformat.read(path, as_version=4))
            except KeyError:
                record = None
        if record is not None and record.data.get("stamp") == current:
            cached.append(path)
        else:
            todo.append(path)
    todo += list(args.also)
    print(f"execute: {len(todo)} notebook(s) in {args.mode} mode, {args.jobs} at a time, "
          f"{args.threads or 'all'} thread(s) each; {len(cached)} up to date in the cache", flush=True)

    # Longest first (times from the last report, when there is one): the last notebooks to start are short.
    reported = {}
    if args.report and args.report.is_file():
        reported = {row["notebook"]: row for row in json.loads(args.report.read_text()).get("notebooks", [])}
    previous = {name: row["seconds"] for name, row in reported.items()}
    first = [p for p in args.first if p in set(todo)]
    queue = sorted((p for p in todo if p not in set(first)), key=lambda p: -previous.get(str(p), 0.0))

    env = kernel_environment(args.mode, args.threads)
    book = set(args.notebooks)
    results, failures = [], []
    lock = threading.Lock()

    def record(path, seconds, error, executed):
        over = args.page_limit is not None and seconds > args.page_limit
        status = "FAILED" if error else ("TOO SLOW" if over else "ok")
        with lock:
            print(f"  {seconds:6.1f} s  {status:8s} {path}", flush=True)
            results.append({"notebook": str(path), "seconds": round(seconds, 1), "status": status})
            if error:
                failures.append(f"{path}:\n{error}")
            elif over:
                failures.append(f"{path}: took {seconds:.0f} s, over the limit of {args.page_limit:.0f} s")
            if executed is not None:
                if path in book and status == "ok":  # a page over the limit is executed again next time
                    cache.cache_notebook_bundle(
                        CacheBundleIn(nbformat.read(executed, as_version=4), str(path.resolve()),
                                      data={"execution_seconds": seconds, "stamp": current}),
                        check_validity=False, overwrite=True)
                os.remove(executed)

    def run_safely(path, environment):
        try:
            return run_one(path, environment, args.timeout)
        except Exception as crash:  # noqa: BLE001  (reported; the other notebooks go on)
            return path, 0.0, f"the executor failed: {crash!r}", None

    start = time.perf_counter()
    for path in first:  # one at a time, every core
        record(*run_safely(path, kernel_environment(args.mode, None)))

    def work():
        while True:
            with lock:
                if not queue:
                    return
                path = queue.pop(0)
            record(*run_safely(path, env))

    workers = [threading.Thread(target=work) for _ in range(max(1, args.jobs))]
    for thread in workers:
        thread.start()
    for thread in workers:
        thread.join()
    total = time.perf_counter() - start
    results.sort(key=lambda row: -row["seconds"])
    if results:
        print(f"execute: {len(results)} notebook(s) in {total:.0f} s wall time; slowest:", flush=True)
        for row in results[:5]:
            print(f"  {row['seconds']:6.1f} s  {row['notebook']}")
    if args.report:
        args.report.parent.mkdir(parents=True, exist_ok=True)
        merged = {**reported, **{row["notebook"]: row for row in results}}
        args.report.write_text(json.dumps({"mode": args.mode, "jobs": args.jobs, "threads": args.threads,
                                           "wall_seconds": round(total, 1),
                                           "notebooks": sorted(merged.values(), key=lambda r: -r["seconds"])},
                                          indent=1))
    if failures:
        print(f"\n{len(failures)} notebook(s) failed:\n\n" + "\n\n".join(failures), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
