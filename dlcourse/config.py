"""Run-time settings shared by every notebook: quick mode, seeding and devices.

Quick mode shrinks data sets and epochs so that each notebook runs top to bottom in a few minutes on a
2-core CPU. It is on when any of these is true:

* the environment variable ``CI`` is set to a true value (continuous integration),
* ``DLCOURSE_QUICK`` is set to a true value (``1``, ``true``, ``yes``, ``on``),
* the notebook is being run by nbval (the repository's ``conftest.py`` sets ``DLCOURSE_QUICK=1``
  before pytest starts any kernel).

``DLCOURSE_QUICK=0`` forces full mode even under CI, which is what the GPU job does. Readers get full
mode by default. The notebooks never branch on the mode themselves beyond :func:`pick`, so that the
quick run and the full run execute the same cells.

Every page starts with one call, :func:`setup`, which seeds everything, imports TensorFlow quietly when
the page uses Keras, and says once, at the top, which mode and which data the page runs on.
"""
from __future__ import annotations

import os
import random
import sys

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


def _flag(name: str) -> bool | None:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return None
    value = value.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ValueError(f"{name}={value!r} is not understood: use one of 1/0, true/false, yes/no, on/off.")


def quick_mode() -> bool:
    """Return True when notebooks should run in quick mode (see the module docstring)."""
    explicit = _flag("DLCOURSE_QUICK")
    if explicit is not None:
        return explicit
    return bool(_flag("CI"))


def pick(full, quick):
    """Return ``quick`` in quick mode and ``full`` otherwise.

    Used for sizes that trade time for accuracy, e.g. ``epochs = pick(full=5, quick=1)``.
    """
    return quick if quick_mode() else full


def mode_name() -> str:
    """'quick' or 'full', for printing at the top of a notebook."""
    return "quick" if quick_mode() else "full"


def _quiet_import_tensorflow():
    """Import TensorFlow and Keras with the C++ start-up log (oneDNN, CPU features) kept off the page.

    TensorFlow prints those lines from C++ before its logging is set up, straight to the process's standard
    error, which Jupyter shows in the cell; so the file descriptor itself is pointed at /dev/null while it
    loads. Errors still surface: an import that fails raises as usual.
    """
    if "tensorflow" in sys.modules:
        return sys.modules["tensorflow"]
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    sys.stderr.flush()
    saved = os.dup(2)
    try:
        with open(os.devnull, "w") as devnull:
            os.dup2(devnull.fileno(), 2)
            import tensorflow  # noqa: F401
            import keras  # noqa: F401

            tensorflow.constant(0.0)  # the first op prints the rest of the start-up log; let it go now
    finally:
        os.dup2(saved, 2)
        os.close(saved)
    return sys.modules["tensorflow"]


def setup(seed: int = 0, *, data=(), keras: bool = False) -> None:
    """The one call at the top of every page.

    * ``keras=True`` imports TensorFlow and Keras first (TensorFlow must be imported before PyTorch has run
      anything, or it can hang) with its start-up log kept off the page;
    * seeds Python, NumPy, PyTorch and TensorFlow with ``seed`` (:func:`seed_everything`);
    * prints one line for the mode, and one per data set named in ``data`` (``"mnist"``, ``"fashion"``)
      saying what the page trains on, fetching the files if needed (:func:`dlcourse.data.describe`).
    """
    if keras:
        _quiet_import_tensorflow()
    seed_everything(seed)
    what = "small subsets of the data and few epochs, for tests" if quick_mode() else "the full data sets and epochs"
    lines = [f"{mode_name()} mode: {what} (seed {seed})"]
    if data:
        from dlcourse import data as datasets

        lines += [datasets.describe(name) for name in ([data] if isinstance(data, str) else data)]
    print("\n".join(lines))


def seed_everything(seed: int = 0) -> int:
    """Seed Python, NumPy, PyTorch (when installed) and TensorFlow (when already imported) with one number.

    TensorFlow is seeded only if the notebook has imported it already, because importing it costs
    seconds and prints start-up messages in notebooks that never use it: import TensorFlow or Keras
    *before* calling this. Returns the seed so a cell can show it.
    """
    random.seed(seed)
    os.environ["PYTHONHASHSEED"] = str(seed)
    import numpy as np

    np.random.seed(seed)
    torch = _optional_import("torch")
    if torch is not None:
        torch.manual_seed(seed)
        if torch.cuda.is_available():
            torch.cuda.manual_seed_all(seed)
    if "tensorflow" in sys.modules or "keras" in sys.modules:
        import keras

        keras.utils.set_random_seed(seed)
    return seed


def _optional_import(name: str):
    import importlib
    import importlib.util
    import sys

    if name in sys.modules:
        return sys.modules[name]
    if importlib.util.find_spec(name) is None:
        return None
    return importlib.import_module(name)


def torch_device(verbose: bool = True):
    """The PyTorch device to use: the first CUDA GPU when there is one, else the CPU.

    Prints which one it chose (pass ``verbose=False`` to keep quiet).
    """
    import torch

    if torch.cuda.is_available():
        device = torch.device("cuda:0")
        label = f"cuda:0 ({torch.cuda.get_device_name(0)})"
    else:
        device = torch.device("cpu")
        label = f"cpu ({torch.get_num_threads()} threads)"
    if verbose:
        print(f"PyTorch will run on {label}")
    return device


def tf_device(verbose: bool = True) -> str:
    """The TensorFlow device string to use in ``tf.device(...)``: '/GPU:0' when a GPU is visible, else '/CPU:0'.

    Prints which one it chose (pass ``verbose=False`` to keep quiet).
    """
    import tensorflow as tf

    gpus = tf.config.list_physical_devices("GPU")
    device = "/GPU:0" if gpus else "/CPU:0"
    if verbose:
        print(f"TensorFlow will run on {device}" + (f" ({gpus[0].name})" if gpus else ""))
    return device
