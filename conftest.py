"""Repository-wide pytest setup.

Notebooks run by nbval start their kernels from this process, so setting the variable here puts every
notebook in quick mode (see dlcourse.config). An explicit DLCOURSE_QUICK=0 (the GPU job) wins.
"""
import os

os.environ.setdefault("DLCOURSE_QUICK", "1")
# TensorFlow's C++ start-up log would otherwise fill the kernels' stderr.
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
