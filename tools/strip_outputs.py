"""Remove outputs and execution counts from notebooks, in place (committed notebooks carry no outputs).

    python tools/strip_outputs.py [NOTEBOOK_OR_FOLDER ...]   # default: chapters/ and exercises/

The book executes every notebook when it is built, so a stored output could only ever be stale;
``tests/unit/test_notebook_hygiene.py`` fails while any committed notebook still has one.
"""
from __future__ import annotations

import sys
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]


def notebooks(paths: list[str]) -> list[Path]:
    found = []
    for p in map(Path, paths or [ROOT / "chapters", ROOT / "exercises"]):
        found += sorted(p.rglob("*.ipynb")) if p.is_dir() else [p]
    return [p for p in found if ".ipynb_checkpoints" not in p.parts]


def strip(path: Path) -> bool:
    """Strip one notebook; True when it changed."""
    nb = nbformat.read(path, as_version=4)
    changed = False
    for cell in nb.cells:
        if cell.cell_type == "code" and (cell.outputs or cell.execution_count is not None):
            cell.outputs, cell.execution_count = [], None
            changed = True
        for key in ("execution", "collapsed", "scrolled"):
            if key in cell.metadata:
                del cell.metadata[key]
                changed = True
    if changed:
        nbformat.write(nb, path)
    return changed


if __name__ == "__main__":
    changed = [p for p in notebooks(sys.argv[1:]) if strip(p)]
    print(f"stripped {len(changed)} notebook(s)" + "".join(f"\n  {p}" for p in changed))
