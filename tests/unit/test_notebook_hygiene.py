"""The committed notebooks: no stored outputs, one setup call at the top, one data loader, no nbval leftovers.

The book executes every notebook when it is built (tools/execute_notebooks.py), so a committed output
could only be stale; and a check lives in an ``assert``, not in a stored output to compare.
"""
import re
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[2]
PAGES = sorted(ROOT.glob("chapters/*/[0-9]*.ipynb"))
NOTEBOOKS = PAGES + sorted(ROOT.glob("exercises/[0-9]*.ipynb")) + sorted(ROOT.glob("exercises/source/[0-9]*.ipynb"))
ids = [str(p.relative_to(ROOT)) for p in NOTEBOOKS]


def code_cells(path):
    return [c for c in nbformat.read(path, as_version=4).cells if c.cell_type == "code"]


def test_there_are_notebooks():
    assert len(PAGES) >= 25 and len(NOTEBOOKS) >= 35


@pytest.mark.parametrize("path", NOTEBOOKS, ids=ids)
def test_no_stored_outputs_and_no_nbval_leftovers(path):
    for index, cell in enumerate(code_cells(path)):
        assert not cell.outputs and cell.execution_count is None, (
            f"code cell {index} has stored outputs: run python tools/strip_outputs.py {path.relative_to(ROOT)}")
        assert "NBVAL" not in cell.source, f"code cell {index}: checks are asserts now, not nbval markers"
        assert not [t for t in cell.metadata.get("tags", []) if t.startswith("nbval")], f"code cell {index}"


@pytest.mark.parametrize("path", PAGES, ids=[str(p.relative_to(ROOT)) for p in PAGES])
def test_each_page_starts_with_the_one_setup_call(path):
    cells = code_cells(path)
    assert "find_spec(\"dlcourse\")" in cells[0].source, "first cell: install dlcourse when missing (Colab)"
    setup = cells[1].source
    assert re.match(r"from dlcourse import config\s*\nconfig\.setup\(", setup), "second cell starts with config.setup"
    source = "\n".join(c.source for c in cells)
    for leftover in ("TF_CPP_MIN_LOG_LEVEL", "TF_ENABLE_ONEDNN_OPTS", "redirect_stdout", "mode_name()",
                     "load_mnist", "load_fashion_mnist", "load_dataset", "cpu_count()"):
        assert leftover not in source, f"{leftover} belongs to the old setup"
    uses_tf = re.search(r"^\s*(import (keras|tensorflow)|from (keras|tensorflow)\b)", source, re.M)
    assert bool(uses_tf) == ("keras=True" in setup), "pages that use TensorFlow pass keras=True (quiet import)"
    for name in set(re.findall(r"data\.load\(\s*[\"'](\w+)[\"']", source)):
        assert re.search(rf"data=.*[\"']{name}[\"']", setup), f"setup must name the data set {name!r} it loads"


@pytest.mark.parametrize("path", PAGES, ids=[str(p.relative_to(ROOT)) for p in PAGES])
def test_plumbing_cells_stay_out_of_the_readers_way(path):
    """The install cell is left out of the book and the setup cell's code is folded (its printed lines stay)."""
    cells = code_cells(path)
    assert "remove-cell" in cells[0].metadata.get("tags", []), "tag the install cell remove-cell"
    assert "hide-input" in cells[1].metadata.get("tags", []), "tag the setup cell hide-input"
