"""tools/execute_notebooks.py: each notebook runs once, failures fail the run, results feed the book's cache."""
import importlib.util
import json
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[2]
spec = importlib.util.spec_from_file_location("execute_notebooks", ROOT / "tools" / "execute_notebooks.py")
tool = importlib.util.module_from_spec(spec)
spec.loader.exec_module(tool)


def notebook(path: Path, *cells: str, tags=None) -> Path:
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.cells = [nbformat.v4.new_code_cell(source) for source in cells]
    for index, cell_tags in (tags or {}).items():
        nb.cells[index].metadata["tags"] = cell_tags
    nbformat.write(nb, path)
    return path


@pytest.fixture
def pages(tmp_path):
    good = notebook(tmp_path / "good.ipynb", "import os\nprint('mode', os.environ['DLCOURSE_QUICK'])",
                    "raise ValueError('a stub')", "print('threads', os.environ.get('OMP_NUM_THREADS'))",
                    tags={1: ["raises-exception"]})
    bad = notebook(tmp_path / "bad.ipynb", "x = 1", "assert x == 2, 'the check failed'")
    return good, bad


def run(tmp_path, *args):
    return tool.main(["--mode", "quick", "--cache", str(tmp_path / "cache"), "--jobs", "2", "--threads", "1",
                      "--report", str(tmp_path / "report.json"), *map(str, args)])


def test_executes_caches_and_reports(tmp_path, pages, capsys):
    from jupyter_cache import get_cache

    good, bad = pages
    assert run(tmp_path, good, bad) == 1
    out, err = capsys.readouterr()
    assert "FAILED" in out and "the check failed" in err and "bad.ipynb" in err
    record = get_cache(tmp_path / "cache").match_cache_notebook(nbformat.read(good, as_version=4))
    assert record.data["stamp"]["mode"] == "quick"
    _, executed = get_cache(tmp_path / "cache").merge_match_into_notebook(nbformat.read(good, as_version=4))
    texts = ["".join(o.get("text", "") for o in cell.outputs) for cell in executed.cells]
    assert texts[0] == "mode 1\n" and texts[2] == "threads 1\n", "the kernel gets the mode and the thread limit"
    report = json.loads((tmp_path / "report.json").read_text())
    assert {row["notebook"]: row["status"] for row in report["notebooks"]} == {str(good): "ok", str(bad): "FAILED"}
    assert nbformat.read(good, as_version=4).cells[0].outputs == [], "the source notebook is never written"

    assert run(tmp_path, good) == 0
    assert "0 notebook(s) in quick mode" in capsys.readouterr().out, "an up-to-date page is not executed again"


def test_a_new_stamp_executes_again(tmp_path, pages, monkeypatch, capsys):
    good, _ = pages
    assert run(tmp_path, good) == 0
    monkeypatch.setattr(tool, "package_digest", lambda: "changed")
    assert run(tmp_path, good) == 0
    assert capsys.readouterr().out.count("; 0 up to date in the cache") == 2, "executed again under a new stamp"


def test_a_page_over_the_limit_fails(tmp_path):
    slow = notebook(tmp_path / "slow.ipynb", "import time; time.sleep(2)")
    assert tool.main(["--mode", "quick", "--cache", str(tmp_path / "cache"), "--page-limit", "1", str(slow)]) == 1


def test_the_first_notebooks_run_before_the_rest_with_every_thread(tmp_path):
    marker = tmp_path / "trained"
    producer_source = f"import time, pathlib; time.sleep(3); pathlib.Path({str(marker)!r}).touch()"
    producer = tmp_path / "a_producer.ipynb"
    consumer = notebook(tmp_path / "b_consumer.ipynb",
                        f"# model, history = recipe.trained_cnn('mnist')\nimport pathlib; assert pathlib.Path({str(marker)!r}).exists()")
    other = notebook(tmp_path / "c_other.ipynb", "import os; assert os.environ['OMP_NUM_THREADS'] == '1'")
    unlimited = "import os; assert os.environ.get('OMP_NUM_THREADS') != '1'"
    producer = notebook(producer, producer_source, unlimited)
    assert tool.main(["--mode", "quick", "--cache", str(tmp_path / "cache"), "--jobs", "2", "--threads", "1",
                      str(consumer), str(other), str(producer), "--first", str(producer)]) == 0


def test_the_stamp_ignores_the_judge_but_not_what_pages_import(tmp_path, monkeypatch):
    package = tmp_path / "dlcourse"
    (package / "exercises").mkdir(parents=True)
    for name in ("__init__.py", "nn.py", "exercises/__init__.py", "exercises/checks.py", "exercises/judge.py",
                 "exercises/sandbox.py"):
        (package / name).write_text("x = 1\n")
    monkeypatch.setattr(tool, "ROOT", tmp_path)
    before = tool.package_digest()
    for judge_file in ("exercises/judge.py", "exercises/sandbox.py"):
        (package / judge_file).write_text("x = 2\n")
    assert tool.package_digest() == before, "the judge's modules never run in a page"
    for page_file in ("nn.py", "exercises/checks.py"):
        (package / page_file).write_text("x = 3\n")
        assert tool.package_digest() != before, f"{page_file} runs in pages"
        before = tool.package_digest()
