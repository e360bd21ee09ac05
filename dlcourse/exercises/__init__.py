"""Graded exercises: student notebooks from their sources, immediate feedback, and a judge for grading.

The exercises are taught on the book's *Exercises* pages (``exercises/index.md``); this package is the
machinery behind them.

Student side (shipped in the student bundle):

* :mod:`dlcourse.exercises.student` - the first cell of a student notebook: finds (or, on Colab, downloads)
  the public tests and returns the otter grader, whose ``grader.check("q1")`` gives short messages;
* :mod:`dlcourse.exercises.checks` - the helpers the public tests call.

Instructor side:

* :mod:`dlcourse.exercises.build` - ``python -m dlcourse.exercises build``: ``otter assign`` on every
  notebook in ``exercises/source/``, writing the student notebooks and their public tests;
* :mod:`dlcourse.exercises.grade` - ``python -m dlcourse.exercises grade DIR --out grades``: grades a
  class, each submission by the trusted :mod:`~dlcourse.exercises.judge` against the questions in
  ``grading/`` (:mod:`~dlcourse.exercises.questions`, :mod:`~dlcourse.exercises.expect`), talking over
  :mod:`~dlcourse.exercises.protocol` to a :mod:`~dlcourse.exercises.worker` inside a
  :mod:`~dlcourse.exercises.sandbox`;
* :mod:`dlcourse.exercises.release` - ``python -m dlcourse.exercises release``: the student bundle.
"""
