"""Repository-wide pytest setup: tests run in quick mode (see dlcourse.config), unless DLCOURSE_QUICK=0."""
import os

os.environ.setdefault("DLCOURSE_QUICK", "1")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
