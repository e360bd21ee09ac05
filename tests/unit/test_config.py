"""dlcourse.config: quick mode switches, pick, seeding and device selection."""
import random

import numpy as np
import pytest

from dlcourse import config


@pytest.mark.parametrize("env, expected", [
    ({}, False),
    ({"CI": "true"}, True),
    ({"CI": "false"}, False),
    ({"DLCOURSE_QUICK": "1"}, True),
    ({"DLCOURSE_QUICK": "yes"}, True),
    ({"CI": "true", "DLCOURSE_QUICK": "0"}, False),   # the GPU job forces full mode under CI
    ({"CI": "", "DLCOURSE_QUICK": ""}, False),
])
def test_quick_mode_switches(monkeypatch, env, expected):
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.delenv("DLCOURSE_QUICK", raising=False)
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    assert config.quick_mode() is expected
    assert config.pick(full="full", quick="quick") == ("quick" if expected else "full")
    assert config.mode_name() == ("quick" if expected else "full")


def test_unclear_value_is_an_error_that_says_what_to_use(monkeypatch):
    monkeypatch.setenv("DLCOURSE_QUICK", "maybe")
    with pytest.raises(ValueError, match="1/0, true/false"):
        config.quick_mode()


def test_quick_mode_is_on_under_pytest():
    """The repository's conftest.py turns it on for the tests."""
    assert config.quick_mode()


def _draws():
    import tensorflow as tf
    import torch

    return (random.random(), np.random.rand(), torch.rand(1).item(), float(tf.random.uniform(())))


def test_seed_everything_makes_all_four_generators_repeat():
    import tensorflow  # noqa: F401  (seeded only once imported, see the docstring)

    assert config.seed_everything(123) == 123
    first = _draws()
    config.seed_everything(123)
    assert _draws() == first
    config.seed_everything(124)
    assert all(a != b for a, b in zip(_draws(), first))


def test_tensorflow_is_not_imported_just_to_seed():
    import subprocess
    import sys

    code = "from dlcourse import config; config.seed_everything(1); import sys; print('tensorflow' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True).stdout.strip() == "False"


def test_devices_are_reported(capsys):
    import torch

    device = config.torch_device()
    expected = "cuda" if torch.cuda.is_available() else "cpu"
    assert device.type == expected
    assert f"PyTorch will run on {expected}" in capsys.readouterr().out
    tf_device = config.tf_device()
    assert tf_device in {"/GPU:0", "/CPU:0"}
    assert f"TensorFlow will run on {tf_device}" in capsys.readouterr().out
    config.torch_device(verbose=False)
    assert capsys.readouterr().out == ""


def test_setup_says_mode_seed_and_data_once(monkeypatch, capsys):
    from dlcourse import data

    monkeypatch.setattr(data, "describe", lambda name: f"<{name} described>")
    config.setup(seed=7, data=["mnist", "fashion"])
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("quick mode: ") and "(seed 7)" in out[0]
    assert out[1:] == ["<mnist described>", "<fashion described>"]
    first = np.random.rand()
    config.setup(seed=7)
    assert np.random.rand() == first, "setup seeds NumPy"
    assert len(capsys.readouterr().out.splitlines()) == 1, "no data line without data"


def test_setup_with_keras_keeps_tensorflows_start_up_log_off_the_page():
    """TensorFlow's C++ banner goes straight to file descriptor 2, which Jupyter shows in the cell."""
    import subprocess
    import sys

    code = ("from dlcourse import config; config.setup(keras=True); import keras, tensorflow as tf; "
            "print('keras', keras.__version__, float(tf.constant(2.0) + 1))")
    env = {k: v for k, v in __import__("os").environ.items() if k != "TF_CPP_MIN_LOG_LEVEL"}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "keras 3" in done.stdout and "3.0" in done.stdout
    assert "oneDNN" not in done.stderr and "absl" not in done.stderr and "cpu_feature_guard" not in done.stderr, done.stderr
