"""dlcourse: the helper package of the course *Deep Learning, Checked*.

Plumbing lives here so that notebooks stay readable: data loading (:mod:`dlcourse.data`), run-time
settings such as quick mode, seeding and devices (:mod:`dlcourse.config`), and the small reference
implementations that each chapter builds step by step before it uses them. Import submodules
explicitly (``from dlcourse import data``); importing the package itself pulls in neither TensorFlow nor
PyTorch.
"""
__version__ = "0.1.0"
