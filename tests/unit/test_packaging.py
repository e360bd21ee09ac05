"""The pinned stack and the notebooks' setup cell: what a fresh clone, Binder and Colab rely on."""
import importlib.util
import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _lock() -> dict[str, str]:
    pins = {}
    for line in (ROOT / "requirements.txt").read_text().splitlines():
        if line and not line.startswith("#"):
            name, sep, version = line.partition("==")
            assert sep, f"requirements.txt line is not an exact pin: {line!r}"
            pins[name.lower().replace("_", "-")] = version
    return pins


def test_every_direct_requirement_is_pinned_in_the_lock():
    lock = _lock()
    for line in (ROOT / "requirements.in").read_text().splitlines():
        line = line.split("#")[0].strip()
        if not line:
            continue
        name, _, version = line.partition("==")
        key = name.lower().replace("_", "-")
        assert key in lock, f"{name} is in requirements.in but not pinned in requirements.txt (run make lock)"
        if version:
            assert lock[key] == version, f"{name}: requirements.in says {version}, the lock {lock[key]}"
    assert lock["torch"] == "2.13.0"
    assert lock["jupyter-book"] == "1.0.4.post1"


def test_binder_installs_the_same_pinned_stack():
    spec = importlib.util.spec_from_file_location("lock", ROOT / "tools" / "lock.py")
    lock_tool = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(lock_tool)
    lock_lines = [f"{k}=={v}" for k, v in _lock().items()]
    binder = [line for line in (ROOT / "binder" / "requirements.txt").read_text().splitlines()
              if line and not line.startswith(("#", "--"))]
    normalise = lambda lines: sorted(l.lower().replace("_", "-") for l in lines)  # noqa: E731
    assert normalise(binder) == normalise(lock_tool.binder_lock(lock_lines))
    assert "torch==2.13.0+cpu" in binder


NOTEBOOKS = sorted(p for folder in ("chapters", "exercises") for p in (ROOT / folder).rglob("*.ipynb")
                   if ".ipynb_checkpoints" not in p.parts and "source" not in p.parts
                   and "dist" not in p.parts)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: str(p.relative_to(ROOT)))
def test_first_code_cell_installs_dlcourse_when_missing(path):
    cells = json.loads(path.read_text())["cells"]
    first = next(c for c in cells if c["cell_type"] == "code")
    source = "".join(first["source"])
    assert re.search(r"find_spec\(\s*[\"']dlcourse[\"']\s*\)", source), \
        f"{path.name}: the first code cell must install dlcourse when it is missing (see CONTRIBUTING.md)"
    assert "pip" in source and "install" in source
