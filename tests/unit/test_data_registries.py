"""dlcourse.data.registries: MNIST rebuilt from the classic pickle, Fashion-MNIST from a Debian package.

The real copies are exercised by `python -m dlcourse.data fetch` on a machine without them; these tests
build small stand-ins (a pickle, a .deb, a fake apt-get) so that every check and every refusal is tested
without the network.
"""
import gzip
import hashlib
import io
import os
import pickle
import stat
import tarfile
from pathlib import Path

import numpy as np
import pytest

from dlcourse import data
from dlcourse.data import registries


def test_idx_bytes_round_trip_through_the_loader(tmp_path):
    images = np.random.default_rng(0).integers(0, 256, size=(7, 28, 28), dtype=np.uint8)
    path = tmp_path / "x-idx3-ubyte.gz"
    path.write_bytes(gzip.compress(registries.idx_bytes(images)))
    np.testing.assert_array_equal(data.read_idx(path), images)


def test_pixels_undo_the_byte_over_256_scaling_and_refuse_anything_else():
    raw = np.arange(256, dtype=np.uint8).repeat(4)[:784].reshape(1, 784)
    np.testing.assert_array_equal(registries.pixels(raw.astype(np.float32) / 256).reshape(1, 784), raw)
    with pytest.raises(ValueError, match="byte/256"):
        registries.pixels(raw.astype(np.float32) / 255)  # the other common scaling is not a faithful copy


def _pickle(tmp_path, rng):
    split = lambda n: (rng.integers(0, 256, (n, 784)).astype(np.float32) / 256, rng.integers(0, 10, n))  # noqa: E731
    parts = (split(5), split(2), split(3))
    source = tmp_path / "mnist.pkl.gz"
    with gzip.open(source, "wb") as handle:
        pickle.dump(parts, handle)
    return source, parts


def test_pickle_is_rebuilt_into_idx_files_when_every_md5_matches(tmp_path):
    source, ((x_tr, y_tr), (x_va, y_va), (x_te, y_te)) = _pickle(tmp_path, np.random.default_rng(1))
    rebuilt = registries.rebuild_mnist(source)
    raw_md5 = {name: hashlib.md5(raw).hexdigest() for name, raw in rebuilt.items()}
    written = registries.mnist_from_pickle(source, tmp_path / "out", raw_md5)
    assert len(written) == 4
    images = data.read_idx(tmp_path / "out" / "train-images-idx3-ubyte.gz")
    np.testing.assert_array_equal(images.reshape(7, 784), np.rint(np.concatenate([x_tr, x_va]) * 256))
    np.testing.assert_array_equal(data.read_idx(tmp_path / "out" / "t10k-labels-idx1-ubyte.gz"), y_te)
    assert not list((tmp_path / "out").glob("*.part"))


def test_a_pickle_that_is_not_mnist_writes_nothing(tmp_path):
    source, _ = _pickle(tmp_path, np.random.default_rng(1))
    with pytest.raises(registries.RegistryCopyFailed, match="nothing was written"):
        registries.mnist_from_pickle(source, tmp_path / "out", data.MNIST.raw_md5)
    assert not (tmp_path / "out").exists()
    (tmp_path / "junk.pkl.gz").write_bytes(gzip.compress(b"not a pickle"))
    with pytest.raises(registries.RegistryCopyFailed, match="could not be read as MNIST"):
        registries.mnist_from_pickle(tmp_path / "junk.pkl.gz", tmp_path / "out", data.MNIST.raw_md5)


def _deb(path: Path, files: dict[str, bytes], compression: str = "xz") -> Path:
    """A minimal Debian package: an ar archive with debian-binary, control.tar and data.tar.<compression>."""
    def tar(members: dict[str, bytes], mode: str) -> bytes:
        buffer = io.BytesIO()
        with tarfile.open(fileobj=buffer, mode=mode) as archive:
            for name, payload in members.items():
                info = tarfile.TarInfo(name)
                info.size = len(payload)
                archive.addfile(info, io.BytesIO(payload))
        return buffer.getvalue()

    members = [("debian-binary", b"2.0\n"), ("control.tar.gz", tar({"./control": b"Package: x\n"}, "w:gz")),
               (f"data.tar.{compression}", tar(files, f"w:{compression}"))]
    blob = b"!<arch>\n"
    for name, payload in members:
        header = f"{name:<16}{0:<12}{0:<6}{0:<6}{100644:<8}{len(payload):<10}`\n".encode()
        blob += header + payload + (b"\n" if len(payload) % 2 else b"")
    path.write_bytes(blob)
    return path


def test_deb_members_are_read_without_dpkg(tmp_path):
    prefix = registries.FASHION_DEB[1]
    deb = _deb(tmp_path / "x.deb", {f"./{prefix}a.gz": b"odd", f"./{prefix}bb.gz": b"even", "./usr/other": b"-"})
    assert registries.deb_data_members(deb, prefix) == {"a.gz": b"odd", "bb.gz": b"even"}
    (tmp_path / "no.deb").write_bytes(b"PK\x03\x04 a zip file")
    with pytest.raises(registries.RegistryCopyFailed, match="not a Debian package"):
        registries.deb_data_members(tmp_path / "no.deb", prefix)


@pytest.fixture
def fake_apt(tmp_path, monkeypatch):
    """An `apt-get` on PATH that serves a .deb, but only after an update into private package lists."""
    rng = np.random.default_rng(2)
    raw = {name: registries.idx_bytes(rng.integers(0, 256, (3, 28, 28) if "images" in name else (3,)))
           for name in data.FASHION_MNIST.md5}
    prefix = registries.FASHION_DEB[1]
    deb = _deb(tmp_path / "served.deb", {f"./{prefix}{name}": gzip.compress(payload) for name, payload in raw.items()})
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    log = tmp_path / "apt.log"
    script = bin_dir / "apt-get"
    script.write_text(f"""#!/bin/sh
echo "$@" >> {log}
case "$*" in
  *Dir::State::Lists=*update*) mkdir -p "$(pwd)/lists" && touch "$(pwd)/lists/ready"; exit 0 ;;
  *download*) if [ -e "$(pwd)/lists/ready" ]; then cp {deb} "$(pwd)/dataset-fashion-mnist_1_all.deb"; exit 0; fi
              echo "E: Unable to locate package dataset-fashion-mnist"; exit 100 ;;
esac
exit 1
""")
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    return raw, log


def test_fashion_from_debian_reads_private_package_lists_when_apt_has_none(tmp_path, fake_apt):
    raw, log = fake_apt
    raw_md5 = {name: hashlib.md5(payload).hexdigest() for name, payload in raw.items()}
    written = registries.fashion_from_debian(tmp_path / "home", raw_md5)
    assert sorted(p.name for p in written) == sorted(raw)
    for name, payload in raw.items():
        assert gzip.decompress((tmp_path / "home" / name).read_bytes()) == payload
    calls = log.read_text().splitlines()
    assert calls[0] == "download dataset-fashion-mnist" and "update" in calls[1] and "download" in calls[2]


def test_fashion_from_debian_writes_nothing_when_a_file_does_not_match(tmp_path, fake_apt):
    raw, _ = fake_apt
    with pytest.raises(registries.RegistryCopyFailed, match="not the original"):
        registries.fashion_from_debian(tmp_path / "home", data.FASHION_MNIST.raw_md5)  # the real sums
    assert not (tmp_path / "home").exists()
