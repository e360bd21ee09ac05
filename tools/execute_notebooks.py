"""Execute the book's notebooks into jupyter-book's execution cache, one per CPU core at a time.

`jupyter-book build` executes notebooks one after another. Run before it (as `make book` does), this
fills the same cache (`<build>/.jupyter_cache`) with parallel worker processes, so the build then only
renders. A notebook whose cached outputs are already current is skipped, and one that fails is
reported here and executed again by the build, which then shows its traceback and fails.
"""
import argparse
import os
import sys
from pathlib import Path

from jupyter_cache import get_cache
from jupyter_cache.executors import load_executor


def book_notebooks(root: Path) -> list[Path]:
    """Every notebook the book renders: those under chapters/ and the students' copies in exercises/."""
    found = sorted((root / "chapters").rglob("*.ipynb")) + sorted((root / "exercises").glob("[0-9]*.ipynb"))
    return [p for p in found if ".ipynb_checkpoints" not in p.parts]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cache", default="_build/.jupyter_cache")
    parser.add_argument("--serial", action="store_true", help="one notebook at a time")
    parser.add_argument("--timeout", type=int, default=600)
    args = parser.parse_args()
    root = Path.cwd()
    cache = get_cache(args.cache)
    for path in book_notebooks(root):
        cache.add_nb_to_project(str(path))
    # local-parallel runs one worker per CPU core, in each notebook's own folder like the build does.
    executor = load_executor("local-serial" if args.serial else "local-parallel", cache)
    result = executor.run_and_cache(timeout=args.timeout)
    print(f"executed {len(result.succeeded)} notebooks, {len(result.excepted)} failed, "
          f"{len(result.errored)} could not start")
    for uri in result.excepted + result.errored:
        print(f"  failed: {os.path.relpath(uri, root)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
