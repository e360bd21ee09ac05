"""The sandbox's mount order: a checkout or virtual environment under /tmp must stay visible in the sandbox."""
from pathlib import Path

from dlcourse.exercises import sandbox


def test_python_folders_are_bound_after_the_private_tmp(monkeypatch, tmp_path):
    venv, package = Path("/tmp/some-clone/.venv"), Path("/tmp/some-clone/dlcourse")
    monkeypatch.setattr(sandbox, "_python_paths", lambda: [venv, package])
    cmd = sandbox.command(tmp_path / "submission.ipynb", sandbox.Limits())
    private_tmp = next(i for i in range(len(cmd) - 1) if cmd[i:i + 2] == ["--tmpfs", "/tmp"])
    for path in (venv, package):
        bind = next(i for i in range(len(cmd) - 2) if cmd[i:i + 3] == ["--ro-bind", str(path), str(path)])
        assert bind > private_tmp, f"{path} is bound before the private /tmp hides it"
