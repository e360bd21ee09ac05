"""Command line of :mod:`dlcourse.exercises` (the Makefile's ``make exercises`` and ``make grade``).

    python -m dlcourse.exercises build [--no-execute]
    python -m dlcourse.exercises grade SUBMISSIONS_DIR --out grades [--time-limit 300] ...
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import build as _build
from . import grade as _grade


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m dlcourse.exercises", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build", help="regenerate the student notebooks, public tests and hidden tests")
    b.add_argument("--source", type=Path, default=_build.EXERCISES / "source")
    b.add_argument("--students", type=Path, default=_build.EXERCISES)
    b.add_argument("--dist", type=Path, default=_build.EXERCISES / "dist")
    b.add_argument("--no-execute", action="store_true", help="do not execute the student notebooks")
    g = sub.add_parser("grade", help="grade a folder of submissions (.ipynb or otter export .zip)")
    g.add_argument("submissions", type=Path)
    g.add_argument("--out", type=Path, default=Path("grades"))
    g.add_argument("--source", type=Path, default=_build.EXERCISES / "source")
    g.add_argument("--dist", type=Path, default=_build.EXERCISES / "dist")
    g.add_argument("--time-limit", type=float, default=_grade.Limits.submission, help="seconds per submission")
    g.add_argument("--cell-time-limit", type=float, default=_grade.Limits.cell, help="seconds per notebook cell")
    g.add_argument("--question-time-limit", type=float, default=_grade.Limits.question, help="seconds per question")
    g.add_argument("--jobs", type=int, default=2, help="submissions graded at the same time")
    g.add_argument("--output-limit", type=int, default=_grade.Limits.output, help="characters of output kept")
    args = parser.parse_args(argv)
    if args.command == "build":
        _build.build(args.source, args.students, args.dist, execute=not args.no_execute)
        return 0
    limits = _grade.Limits(args.time_limit, args.cell_time_limit, args.question_time_limit, args.output_limit)
    results = _grade.grade(args.submissions, args.out, dist_dir=args.dist, source_dir=args.source, limits=limits,
                             jobs=args.jobs)
    print(f"graded {len(results)} submissions; scores in {args.out / 'scores.csv'} and {args.out / 'scores.json'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
