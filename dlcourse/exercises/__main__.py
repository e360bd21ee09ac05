"""Command line of :mod:`dlcourse.exercises` (the Makefile's ``make exercises``, ``make grade``, ``make release``).

    python -m dlcourse.exercises build [--no-execute]
    python -m dlcourse.exercises grade SUBMISSIONS --out grades [--exercise STEM | --roster FILE.csv] [--jobs 2]
    python -m dlcourse.exercises release --out _build/release
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import build as _build
from . import grade as _grade
from . import judge as _judge
from . import release as _release
from . import sandbox as _sandbox


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m dlcourse.exercises", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build", help="regenerate the student notebooks and public tests from exercises/source")
    b.add_argument("--source", type=Path, default=_build.EXERCISES / "source")
    b.add_argument("--students", type=Path, default=_build.EXERCISES)
    b.add_argument("--no-execute", action="store_true", help="do not execute the student notebooks")
    g = sub.add_parser("grade", help="grade a folder of submissions (.ipynb or otter export .zip) with the judge")
    g.add_argument("submissions", type=Path)
    g.add_argument("--out", type=Path, default=Path("grades"))
    g.add_argument("--questions", type=Path, default=_grade.QUESTIONS, help="the judge's question files")
    which = g.add_mutually_exclusive_group()
    which.add_argument("--exercise", help="every submission in the folder is this exercise (e.g. 01_ch1_activations)")
    which.add_argument("--roster", type=Path, help="CSV with columns submission,exercise")
    g.add_argument("--jobs", type=int, default=2, help="submissions graded at the same time")
    g.add_argument("--run-time-limit", type=float, default=_judge.Limits.run, help="seconds to run a notebook's cells")
    g.add_argument("--cell-time-limit", type=float, default=_judge.Limits.cell, help="seconds per cell")
    r = sub.add_parser("release", help="write the student bundle (notebooks, public tests, dlcourse without answers)")
    r.add_argument("--out", type=Path, default=_build.REPO / "_build" / "release")
    args = parser.parse_args(argv)
    if args.command == "build":
        _build.build(args.source, args.students, execute=not args.no_execute)
        return 0
    if args.command == "release":
        files = _release.release(args.out)
        print(f"student bundle: {len(files)} files in {args.out}; publish this folder, not the course repository")
        return 0
    limits = _judge.Limits(run=args.run_time_limit, cell=args.cell_time_limit)
    try:
        results = _grade.grade(args.submissions, args.out, args.questions, exercise=args.exercise,
                               roster=args.roster, jobs=args.jobs, limits=limits)
    except _sandbox.SandboxUnavailable as missing:
        print(f"cannot grade: {missing}", file=sys.stderr)
        return 2
    except (FileNotFoundError, ValueError) as error:
        print(f"cannot grade: {error}", file=sys.stderr)
        return 2
    print(f"graded {len(results)} submissions; scores in {args.out / 'scores.csv'} and {args.out / 'scores.json'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
