"""Repository-wide pytest setup.

Notebooks run by nbval start their kernels from this process, so setting the variable here puts every
notebook in quick mode (see dlcourse.config). An explicit DLCOURSE_QUICK=0 (the GPU job) wins.
"""
import os

os.environ.setdefault("DLCOURSE_QUICK", "1")
