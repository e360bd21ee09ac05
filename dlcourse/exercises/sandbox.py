"""One sandbox per submission: bubblewrap namespaces, resource limits, the whole tree killed at the end.

Taught on the book's *Exercises* pages (``exercises/index.md``, "For instructors"). The worker
(:mod:`dlcourse.exercises.worker`) runs under ``bwrap`` (Debian package ``bubblewrap``) with

* new user, PID, network, mount, IPC, UTS and cgroup namespaces (``--unshare-all``), a new session, and
  ``--die-with-parent``: no network but loopback, no view of other processes, killed with the judge;
* a file system made only of what Python needs, read-only: ``/usr``, ``/etc``, ``/lib*``, the Python
  installation and virtual environment, the ``dlcourse`` package, and a data home holding only the MNIST
  *training* files (the held-out digits the judge measures on are not there). The repository, its
  ``exercises/`` and ``grading/`` folders, the home folder, the submissions and the results are not
  mounted at all. ``/tmp`` is a private, size-limited tmpfs with the submission in ``/tmp/work``;
* resource limits: address space per process, CPU seconds, file size, open files, no core dumps; where
  the judge may create cgroups (v1 or v2), also a memory limit and a process limit for the whole tree.
  Without cgroups the judge polls the tree instead and kills it over the limits.

For questions that say "NumPy only" the sandbox is *restricted* (:func:`command` with ``numpy_only``): the
frameworks (:data:`FRAMEWORKS`: PyTorch, TensorFlow, Keras, SciPy, scikit-learn, SymPy, ...) are not in its
file system at all, and the ``dlcourse`` package holds only ``config``, ``data`` and ``exercises``, so an
``import torch`` or ``from dlcourse import cnn`` fails there with ``ModuleNotFoundError`` as on a machine
without them (the course's setup cell, which imports PyTorch only when it is installed, still runs).

:func:`Sandbox.kill` ends every process in it: the PID namespace dies with its first process.
"""
from __future__ import annotations

import os
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

import dlcourse

INSTALL_HINT = ("bubblewrap (bwrap) is not installed or cannot create namespaces here. On Debian or Ubuntu: "
                "sudo apt-get install bubblewrap (and, where unprivileged user namespaces are disabled, "
                "sudo sysctl -w kernel.unprivileged_userns_clone=1).")


@dataclass
class Limits:
    """Resource limits of one sandbox."""

    memory: int = 3 << 30          # bytes: address space per process; with cgroups, memory of the tree
    processes: int = 64            # processes and threads in the tree
    cpu_seconds: int = 600         # CPU time per process
    file_size: int = 64 << 20      # bytes per written file
    tmp_size: int = 256 << 20      # bytes of the private /tmp
    open_files: int = 256


# Top-level names (in site-packages) that a NumPy-only question's sandbox does not have.
FRAMEWORKS = ("torch", "functorch", "torchgen", "torchvision", "torchaudio", "tensorflow", "tf_keras", "keras",
              "tensorboard", "jax", "jaxlib", "flax", "sklearn", "scikit_learn", "scipy", "sympy", "skimage",
              "scikit_image", "statsmodels", "cv2", "opencv", "numba", "autograd", "mlx", "cupy", "nvidia")
# What a NumPy-only sandbox keeps of the course's package: no chapter module (they implement answers).
DLCOURSE_KEPT = ("__init__.py", "config.py", "data", "exercises")


class SandboxUnavailable(RuntimeError):
    pass


_AVAILABLE: list[bool] = []


def available() -> bool:
    """True when ``bwrap`` runs here with the namespaces the sandbox uses."""
    if not _AVAILABLE:
        _AVAILABLE.append(_probe())
    return _AVAILABLE[0]


def _probe() -> bool:
    if not shutil.which("bwrap"):
        return False
    try:
        done = subprocess.run(["bwrap", "--unshare-all", "--unshare-user", "--die-with-parent", "--ro-bind", "/",
                               "/", "true"], capture_output=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return False
    return done.returncode == 0


def _python_paths() -> list[Path]:
    """Folders the worker's Python needs: its installation, the virtual environment, the dlcourse package."""
    paths = {Path(sys.base_prefix), Path(sys.prefix), Path(sys.executable).resolve().parents[1],
             Path(dlcourse.__file__).resolve().parent}
    system = [Path(p) for p in ("/usr", "/etc", "/lib", "/lib64", "/lib32", "/bin", "/sbin")]
    return sorted({p for p in paths if p.exists() and not any(s == p or s in p.parents for s in system)})


def data_files() -> list[Path]:
    """The data the sandbox gets: MNIST's training files from the data home (not the test files)."""
    from dlcourse import data

    folder = data.data_home() / data.spec("mnist").folder
    return [folder / name for name in ("train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz")
            if (folder / name).is_file()]


def _framework(name: str) -> bool:
    """True for a site-packages entry of a framework: ``torch``, ``torch-2.1.dist-info``, ``scipy.libs`` ..."""
    base = name.split(".")[0].split("-")[0].lower()
    return any(base == f or base.startswith(f + "_") for f in FRAMEWORKS)


def _site_packages() -> list[Path]:
    """Every folder of installed packages the sandbox can see: the virtual environment's, the base
    Python's (mounted with it, and reachable through ``sys.path.append``) and the system's."""
    import glob
    import sysconfig

    candidates = [sysconfig.get_paths()[key] for key in ("purelib", "platlib")]
    candidates += [sysconfig.get_paths(vars={"base": sys.base_prefix, "platbase": sys.base_prefix})[key]
                   for key in ("purelib", "platlib")]
    for pattern in ("/usr/lib/python3*/*-packages", "/usr/local/lib/python3*/*-packages",
                    "/usr/lib64/python3*/*-packages", f"{sys.base_prefix}/lib/python3*/*-packages"):
        candidates += glob.glob(pattern)
    found = []
    for candidate in candidates:
        path = Path(candidate)
        if path.is_dir() and not path.is_symlink() and path.resolve() not in [f.resolve() for f in found]:
            found.append(path)
    return found


def restricted_mounts() -> list[str]:
    """bwrap arguments that leave out the frameworks and the course's chapter modules (NumPy only).

    Each folder concerned is covered by an empty tmpfs, and what is allowed of it is bound back one entry
    at a time; the folder is then made read-only again. Package folders that are not on the worker's path
    (the base Python's, under a virtual environment) stay empty.
    """
    import sysconfig

    args: list[str] = []
    package = Path(dlcourse.__file__).resolve().parent
    # the worker's own package folders are filtered; the others (the base Python's under a virtual
    # environment, the system's) are not on its path and are simply emptied
    own = {Path(sysconfig.get_paths()[key]).resolve() for key in ("purelib", "platlib")}
    own |= {Path(p).resolve() for p in sys.path if p.endswith(("site-packages", "dist-packages"))}
    for folder, keep in [(p, (lambda n: not _framework(n)) if p.resolve() in own else (lambda n: False))
                         for p in _site_packages()] + [(package, lambda n: n in DLCOURSE_KEPT)]:
        args += ["--tmpfs", str(folder)]
        for entry in sorted(folder.iterdir()):
            if keep(entry.name):
                args += ["--ro-bind", str(entry), str(entry)]
        args += ["--remount-ro", str(folder)]
    return args


def command(submission: Path, limits: Limits, numpy_only: bool = False) -> list[str]:
    """The ``bwrap`` command line that starts the worker with ``submission`` as /tmp/work/submission.ipynb
    (``numpy_only``: without the frameworks and the course's chapter modules)."""
    cmd = ["bwrap", "--unshare-all", "--unshare-user", "--uid", "1000", "--gid", "1000", "--die-with-parent",
           "--new-session", "--hostname", "sandbox", "--cap-drop", "ALL"]
    for system in ("/usr", "/etc", "/lib", "/lib64", "/lib32", "/bin", "/sbin"):
        if os.path.islink(system):
            cmd += ["--symlink", os.readlink(system), system]
        elif os.path.isdir(system):
            cmd += ["--ro-bind", system, system]
    # The private /tmp comes before the Python folders, so that a checkout or virtual environment that lives
    # under /tmp is bound on top of it instead of being hidden by it.
    cmd += ["--proc", "/proc", "--dev", "/dev", "--size", str(limits.tmp_size), "--tmpfs", "/tmp",
            "--dir", "/tmp/home", "--dir", "/tmp/data/mnist", "--dir", "/tmp/work"]
    for path in _python_paths():
        cmd += ["--ro-bind", str(path), str(path)]
    if numpy_only:
        cmd += restricted_mounts()
    # the system's own copies of MNIST (Debian packages) are hidden too
    from dlcourse import data

    for spec in data.SPECS.values():
        for folder in spec.system_dirs:
            if Path(folder).is_dir():
                cmd += ["--tmpfs", str(folder)]
    cmd += ["--ro-bind", str(submission), "/tmp/work/submission.ipynb"]
    for path in data_files():
        cmd += ["--ro-bind", str(path), f"/tmp/data/mnist/{path.name}"]
    matplotlib_cache = Path.home() / ".cache" / "matplotlib"
    if matplotlib_cache.is_dir():  # a font cache: without it every submission rebuilds one
        cmd += ["--ro-bind", str(matplotlib_cache), "/tmp/matplotlib-cache"]
    cmd += ["--remount-ro", "/", "--chdir", "/tmp/work", sys.executable, "-m", "dlcourse.exercises.worker"]
    return cmd


def environment() -> dict[str, str]:
    return {
        "PATH": "/usr/local/bin:/usr/bin:/bin", "HOME": "/tmp/home", "TMPDIR": "/tmp", "LANG": "C.UTF-8",
        "MPLBACKEND": "Agg", "MPLCONFIGDIR": "/tmp/home/matplotlib",
        "DLCOURSE_QUICK": "1", "DLCOURSE_DATA": "/tmp/data", "DLCOURSE_DATA_SEARCH": "", "DLCOURSE_OFFLINE": "1",
        "DLCOURSE_GRADING": "1", "PYTHONHASHSEED": "0", "PYTHONDONTWRITEBYTECODE": "1",
        "OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1",
        # TensorFlow sizes its thread pools by the machine's cores, not by OMP_NUM_THREADS: on a large grading
        # machine a Keras question would otherwise start more threads than Limits.processes allows
        "TF_NUM_INTRAOP_THREADS": "1", "TF_NUM_INTEROP_THREADS": "1", "TF_CPP_MIN_LOG_LEVEL": "2",
        **{k: os.environ[k] for k in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE") if k in os.environ},
    }


class _Cgroup:
    """A cgroup (v2, else v1 ``memory`` and ``pids``) for one sandbox, when this process may make one."""

    def __init__(self, limits: Limits):
        self.dirs: list[Path] = []
        name = f"dlcourse-judge-{uuid.uuid4().hex[:12]}"
        try:
            v2 = Path("/sys/fs/cgroup")
            if (v2 / "cgroup.controllers").is_file():
                parent = v2 / _own_cgroup("")
                if {"memory", "pids"} <= set((parent / "cgroup.subtree_control").read_text().split()):
                    self._make(parent / name, {"memory.max": limits.memory, "memory.swap.max": 0,
                                               "pids.max": limits.processes})
            else:
                self._make(v2 / "memory" / _own_cgroup("memory") / name,
                           {"memory.limit_in_bytes": limits.memory})
                self._make(v2 / "pids" / _own_cgroup("pids") / name, {"pids.max": limits.processes})
        except OSError:
            self.remove()
            self.dirs = []

    def _make(self, path: Path, settings: dict) -> None:
        path.mkdir()
        self.dirs.append(path)
        for key, value in settings.items():
            (path / key).write_text(str(value))

    def enter(self) -> None:
        """Move the calling process in (called in the child before it starts bwrap)."""
        for path in self.dirs:
            (path / "cgroup.procs").write_text(str(os.getpid()))

    def kill(self) -> None:
        for path in self.dirs:
            try:
                if (path / "cgroup.kill").exists():
                    (path / "cgroup.kill").write_text("1")
                else:
                    for pid in (path / "cgroup.procs").read_text().split():
                        os.kill(int(pid), signal.SIGKILL)
            except (OSError, ValueError):
                pass

    def remove(self) -> None:
        for path in reversed(self.dirs):
            for _ in range(50):
                try:
                    path.rmdir()
                    break
                except FileNotFoundError:
                    break
                except OSError:
                    time.sleep(0.02)


def _own_cgroup(controller: str) -> str:
    for line in Path("/proc/self/cgroup").read_text().splitlines():
        _, names, path = line.split(":", 2)
        if controller in names.split(",") or (controller == "" and names == ""):
            return path.lstrip("/")
    raise OSError(f"no {controller or 'v2'} cgroup")


def _tree(root: int) -> list[int]:
    """``root`` and its descendants (read from /proc)."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as handle:
                    ppid = int(handle.read().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(entry))
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo.extend(children.get(pid, []))
    return found


def _rss(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/statm") as handle:
            return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, IndexError, ValueError):
        return 0


class Sandbox:
    """A started worker: ``stdin`` takes requests, ``stdout`` gives replies."""

    def __init__(self, submission: Path, limits: Limits | None = None, numpy_only: bool = False):
        if not available():
            raise SandboxUnavailable(INSTALL_HINT)
        self.limits = limits or Limits()
        self.cgroup = _Cgroup(self.limits)
        self.errors = tempfile.TemporaryFile()
        lim = self.limits

        def in_child() -> None:
            self.cgroup.enter()
            resource.setrlimit(resource.RLIMIT_AS, (lim.memory, lim.memory))
            resource.setrlimit(resource.RLIMIT_CPU, (lim.cpu_seconds, lim.cpu_seconds))
            resource.setrlimit(resource.RLIMIT_FSIZE, (lim.file_size, lim.file_size))
            resource.setrlimit(resource.RLIMIT_NOFILE, (lim.open_files, lim.open_files))
            resource.setrlimit(resource.RLIMIT_CORE, (0, 0))

        self.process = subprocess.Popen(command(submission, lim, numpy_only), stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                        stderr=self.errors, env=environment(), preexec_fn=in_child,
                                        start_new_session=True, close_fds=True)
        self.stdin, self.stdout = self.process.stdin, self.process.stdout
        self.killed_for = ""
        self.numpy_only = numpy_only

    def over_limits(self) -> str:
        """Without cgroups: why the tree must be killed now (too many processes, too much memory), or ''."""
        if self.cgroup.dirs or self.process.poll() is not None:
            return ""
        pids = _tree(self.process.pid)
        if len(pids) > self.limits.processes:
            return f"more than {self.limits.processes} processes"
        if sum(_rss(p) for p in pids) > self.limits.memory:
            return f"more than {self.limits.memory >> 20} MiB of memory"
        return ""

    def stderr_tail(self) -> str:
        self.errors.seek(0, os.SEEK_END)
        size = self.errors.tell()
        self.errors.seek(max(0, size - 1000))
        return self.errors.read().decode("utf-8", "replace").strip()

    def cpu_seconds(self) -> float:
        """CPU time (user and system) used so far by the sandbox's processes and the children they reaped."""
        ticks = os.sysconf("SC_CLK_TCK")
        total = 0
        for pid in _tree(self.process.pid):
            try:
                with open(f"/proc/{pid}/stat") as handle:
                    fields = handle.read().rsplit(")", 1)[1].split()
                total += sum(int(v) for v in fields[11:15])  # utime, stime, cutime, cstime
            except (OSError, IndexError, ValueError):
                pass
        return total / ticks

    def kill(self) -> None:
        """End every process of the sandbox and release what it held (``self.cpu`` keeps its CPU time)."""
        self.cpu = self.cpu_seconds()
        self.cgroup.kill()
        for pid in reversed(_tree(self.process.pid)):
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass
        try:
            os.killpg(self.process.pid, signal.SIGKILL)
        except OSError:
            pass
        for stream in (self.stdin, self.stdout):
            try:
                stream.close()
            except OSError:
                pass
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            pass
        self.cgroup.kill()
        self.cgroup.remove()
        self.errors.close()
