"""tools/mnist_from_pickle.py: rebuilds IDX files exactly, and writes nothing unless every md5 matches."""
import gzip
import importlib.util
import pickle
from pathlib import Path

import numpy as np
import pytest

from dlcourse import data

ROOT = Path(__file__).resolve().parents[2]
spec = importlib.util.spec_from_file_location("mnist_from_pickle", ROOT / "tools" / "mnist_from_pickle.py")
tool = importlib.util.module_from_spec(spec)
spec.loader.exec_module(tool)


def test_idx_bytes_round_trip_through_the_loader(tmp_path):
    images = np.random.default_rng(0).integers(0, 256, size=(7, 28, 28), dtype=np.uint8)
    path = tmp_path / "x-idx3-ubyte.gz"
    path.write_bytes(gzip.compress(tool.idx_bytes(images)))
    np.testing.assert_array_equal(data.read_idx(path), images)


def test_pixels_undo_the_byte_over_256_scaling_and_refuse_anything_else():
    raw = np.arange(256, dtype=np.uint8).repeat(4)[:784].reshape(1, 784)
    np.testing.assert_array_equal(tool.pixels(raw.astype(np.float32) / 256).reshape(1, 784), raw)
    with pytest.raises(ValueError, match="byte/256"):
        tool.pixels(raw.astype(np.float32) / 255)  # the other common scaling is not a faithful copy


def test_a_pickle_that_is_not_mnist_writes_nothing(tmp_path, capsys):
    rng = np.random.default_rng(1)
    split = lambda n: (rng.integers(0, 256, (n, 784)).astype(np.float32) / 256, rng.integers(0, 10, n))  # noqa: E731
    source = tmp_path / "mnist.pkl.gz"
    with gzip.open(source, "wb") as handle:
        pickle.dump((split(5), split(2), split(3)), handle)
    out = tmp_path / "out"
    assert tool.main([str(source), str(out)]) == 1
    assert not out.exists()
    assert "nothing written" in capsys.readouterr().err
