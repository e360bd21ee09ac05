"""Numbers in the book's prose come from cells: tools/prose_numbers.py finds the ones typed by hand."""
import importlib.util
import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
spec = importlib.util.spec_from_file_location("prose_numbers", ROOT / "tools" / "prose_numbers.py")
prose_numbers = importlib.util.module_from_spec(spec)
spec.loader.exec_module(prose_numbers)
PAGES = prose_numbers.pages()


def test_the_scanner_sees_every_page():
    names = {str(p.relative_to(ROOT)) for p in PAGES}
    assert "reference/faq.md" in names and "intro.md" in names
    assert len([n for n in names if n.endswith(".ipynb")]) >= 25


@pytest.mark.parametrize("path", PAGES, ids=[str(p.relative_to(ROOT)) for p in PAGES])
def test_every_number_in_prose_comes_from_a_cell_or_has_a_reason(path):
    typed = prose_numbers.unexplained(path)
    assert not typed, (f"numbers typed by hand: {typed}. Glue them from a cell ({{glue:text}}), write math as "
                       f"$...$, or give each a reason in {path.parent.relative_to(ROOT)}/numbers.yml")


@pytest.mark.parametrize("text, expected", [
    ("The network reaches 97.3% on the test set.", ["97.3%"]),
    ("It took 1,200 steps and 3.5 s.", ["1,200", "3.5"]),
    ("A 28×28 image and a 10-5-1 network.", ["28×28", "10-5-1"]),
    ("Accuracy {glue:text}`acc:.1%` over {glue:text}`n_seeds` seeds.", []),
    ("The loss $L = (y - 0.5)^2$ and `lr=0.01` in code.", []),
    ("```python\nx = 42\n```\nNothing typed here.", []),
    ("LeCun et al. (1998) and chapter 4, equation (3), cells 16–18, source note 002.", []),
    ("Names like int8, float32, ch4, L2 and q3 are not numbers; the 1980s and 2012–2015 are dates.", []),
    ("See {cite:t}`lecun1998gradient` and [the page](https://example.org/a/123).", []),
    ("(ch5-intro)=\n## Title\n1. first item\n2. second item", []),
    ("```{note}\nInside a note, 12 is still prose.\n```", ["12"]),
    ("```{bibliography}\n:filter: docname in docnames\n```", []),
])
def test_the_scanner_finds_typed_numbers_and_only_those(text, expected):
    assert prose_numbers.numbers(text) == expected


def test_the_allowlist_needs_a_reason_and_is_scoped_to_its_folder(tmp_path):
    page = tmp_path / "01_page.ipynb"
    cell = {"cell_type": "markdown", "metadata": {}, "source": ["A 28×28 image, 97.3% accurate, 3×3 kernels."]}
    page.write_text(json.dumps({"cells": [cell], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}))
    assert prose_numbers.unexplained(page) == ["28×28", "97.3%", "3×3"]
    (tmp_path / "numbers.yml").write_text('"*":\n  "28×28": MNIST image size\n01_page.ipynb:\n  "3×3": kernel size\n')
    assert prose_numbers.unexplained(page) == ["97.3%"]
    (tmp_path / "numbers.yml").write_text('01_page.ipynb:\n  "97.3%": ""\n')
    with pytest.raises(ValueError, match="no reason"):
        prose_numbers.unexplained(page)
