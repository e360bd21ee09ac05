"""Graded exercises: build the student notebooks from their sources, check answers, grade submissions.

The exercises are taught on the book's *Exercises* pages (``exercises/index.md``); this package is the
machinery behind them:

* :mod:`dlcourse.exercises.checks` - the helpers the tests call, which explain what was expected and what
  came back (used by ``grader.check("q1")`` in the student notebooks and by the hidden tests);
* :mod:`dlcourse.exercises.student` - the first cell of a student notebook: finds (or, on Colab, downloads)
  the public tests and returns the otter grader;
* :mod:`dlcourse.exercises.build` - ``python -m dlcourse.exercises build``: runs ``otter assign`` on every
  notebook in ``exercises/source/`` and writes the student notebooks, their public tests and the grader's
  hidden tests;
* :mod:`dlcourse.exercises.grade` - ``python -m dlcourse.exercises grade DIR --out grades``: grades every
  submission in ``DIR`` in an isolated subprocess (:mod:`dlcourse.exercises.worker`) and writes
  ``scores.csv`` and ``scores.json``.
"""
