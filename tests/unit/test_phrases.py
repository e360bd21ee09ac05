"""Phrases glued once per language (dlcourse.phrases.glue_phrase) and the Chinese build pointing at them
(tools/i18n.py's phrase_glue)."""
import importlib.util
import json
import re
from pathlib import Path

import myst_nb
import pytest

from dlcourse.phrases import LANGUAGES, glue_phrase, phrase_name

ROOT = Path(__file__).resolve().parents[2]
spec = importlib.util.spec_from_file_location("i18n_for_phrases", ROOT / "tools" / "i18n.py")
i18n = importlib.util.module_from_spec(spec)
spec.loader.exec_module(i18n)


@pytest.fixture
def glued(monkeypatch):
    """What glue_phrase glues: name -> value (myst_nb.glue replaced)."""
    found = {}

    def fake_glue(name, value, display=True):
        assert display is False
        found[name] = value
    monkeypatch.setattr(myst_nb, "glue", fake_glue)
    return found


# --- glue_phrase --------------------------------------------------------------------------------------------

def test_glue_phrase_glues_the_english_under_the_name_and_each_translation_under_its_own(glued):
    glue_phrase("verdict", "beats the naive forecast", zh_CN="胜过朴素预测")
    assert glued == {"verdict": "beats the naive forecast", "verdict__zh_CN": "胜过朴素预测"}
    assert phrase_name("verdict", "zh_CN") == "verdict__zh_CN"
    assert LANGUAGES == ("zh_CN",)


@pytest.mark.parametrize("translations", [{}, {"fr": "bat"}, {"zh_CN": "胜过", "fr": "bat"}, {"zh": "胜过"}],
                         ids=["missing", "unknown", "unknown besides", "wrong code"])
def test_glue_phrase_refuses_a_missing_or_unknown_language(glued, translations):
    with pytest.raises(ValueError, match="give the phrase in zh_CN"):
        glue_phrase("verdict", "beats", **translations)
    assert glued == {}                                  # nothing glued half-way


@pytest.mark.parametrize("en, zh", [("", "胜过"), ("beats", ""), ("  ", "胜过"), ("beats", " \n"), ("beats", None),
                                    (0.5, "胜过")])
def test_glue_phrase_refuses_empty_or_non_text_phrases(glued, en, zh):
    with pytest.raises(ValueError, match="non-empty text"):
        glue_phrase("verdict", en, zh_CN=zh)
    assert glued == {}


# --- tools/i18n.py: the Chinese build points the roles at the Chinese phrase ---------------------------------

def notebook(path: Path, code: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    cells = [{"cell_type": "markdown", "source": "Prose {glue:text}`verdict`.", "metadata": {}},
             {"cell_type": "code", "source": code, "metadata": {}, "outputs": []}]
    path.write_text(json.dumps({"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}))


@pytest.fixture
def book(tmp_path, monkeypatch):
    """ch/01_page glues two phrases and a number; ch/02_plain glues only with glue; other/03_far a phrase."""
    monkeypatch.setattr(i18n, "ROOT", tmp_path)
    i18n.phrases.cache_clear()
    notebook(tmp_path / "ch" / "01_page.ipynb",
             'glue_phrase("verdict", "better", zh_CN="更好")\n'
             "glue_phrase('trend',\n            'falls', zh_CN='下降')\n"
             'glue("acc", 0.5, display=False)\nglue("verdict_lo", 0.1, display=False)')
    notebook(tmp_path / "ch" / "02_plain.ipynb", 'glue("verdict", "better", display=False)')
    notebook(tmp_path / "other" / "03_far.ipynb", 'glue_phrase("lean", "up", zh_CN="向上")')
    yield tmp_path
    i18n.phrases.cache_clear()


def test_same_page_phrase_roles_point_at_the_chinese_phrase(book):
    text = "准确率 {glue:text}`acc:.1%`，{glue:text}`verdict`；{glue:text}`trend`，{glue:text}`verdict_lo:.2f`。"
    assert i18n.phrase_glue(text, Path("ch/01_page"), "zh_CN") == (
        "准确率 {glue:text}`acc:.1%`，{glue:text}`verdict__zh_CN`；{glue:text}`trend__zh_CN`，"
        "{glue:text}`verdict_lo:.2f`。")


def test_cross_page_phrase_roles_point_at_the_chinese_phrase_of_that_page(book):
    text = ("{glue:text}`01_page.ipynb::verdict:`、{glue:text}`../other/03_far.ipynb::lean:`、"
            "{glue:text}`02_plain.ipynb::verdict:`、{glue:text}`01_page.ipynb::acc:.1%`")
    assert i18n.phrase_glue(text, Path("ch/index"), "zh_CN") == (
        "{glue:text}`01_page.ipynb::verdict__zh_CN:`、{glue:text}`../other/03_far.ipynb::lean__zh_CN:`、"
        "{glue:text}`02_plain.ipynb::verdict:`、{glue:text}`01_page.ipynb::acc:.1%`")


def test_pages_without_phrases_and_missing_pages_are_left_alone(book):
    text = "{glue:text}`verdict` {glue:text}`trend` {glue:text}`gone.ipynb::verdict:`"
    assert i18n.phrase_glue(text, Path("ch/02_plain"), "zh_CN") == text
    assert i18n.phrase_glue(text, Path("ch/04_missing"), "zh_CN") == text


def test_the_chinese_catalogs_built_point_at_the_phrase(book, monkeypatch):
    """build_catalogs: the same-page role is first made cross-page, then pointed at the Chinese phrase."""
    monkeypatch.setattr(i18n, "LOCALES", book / "locales")
    from babel.messages.catalog import Catalog
    catalog = Catalog(locale="zh_CN")
    catalog.add("It is {glue:text}`verdict` at {glue:text}`acc:.1%`.", "它{glue:text}`verdict`，为 {glue:text}`acc:.1%`。")
    i18n.write_catalog(i18n.catalog_path("zh_CN", "ch/01_page"), catalog)
    out = i18n.build_catalogs("zh_CN", book / "derived")
    built = [m.string for m in i18n.read_catalog(out / "zh_CN" / "LC_MESSAGES" / "ch" / "01_page.po") if m.id]
    assert built == ["它{glue:text}`01_page.ipynb::verdict__zh_CN:`，为 {glue:text}`01_page.ipynb::acc:.1%`。"]


# --- the book's own pages --------------------------------------------------------------------------------------

def test_a_real_page_with_phrases_is_pointed_at_them():
    i18n.phrases.cache_clear()
    page = Path("chapters/ch5_applications/02_sequences_and_finance")
    assert {"sine_verdict", "goog_lean", "goog_ratio_verdict"} <= i18n.phrases((ROOT / page).with_suffix(".ipynb"))
    text = "{glue:text}`sine_ratio:.2f` 倍。{glue:text}`sine_verdict`任何预测器"
    assert i18n.phrase_glue(text, page, "zh_CN") == "{glue:text}`sine_ratio:.2f` 倍。{glue:text}`sine_verdict__zh_CN`任何预测器"


NOTEBOOKS = sorted(p for p in [*ROOT.glob("chapters/*/*.ipynb"), *ROOT.glob("exercises/*.ipynb")])


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_glue_phrase_call_names_its_phrase_literally(path):
    """The Chinese build finds a page's phrases by their literal names; glue_phrase(f"...") would stay English."""
    code = "".join("".join(c["source"]) for c in json.loads(path.read_text())["cells"] if c["cell_type"] == "code")
    calls = re.findall(r"\bglue_phrase\(", code)
    assert len(calls) == len(i18n.GLUE_PHRASE.findall(code)), "a glue_phrase call without a literal name"
