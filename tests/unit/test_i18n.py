"""The two editions: tools/i18n.py's catalogs, checks, glue rewriting and Chinese notebooks."""
import importlib.util
import json
from pathlib import Path

import pytest
import yaml
from babel.messages import pofile
from babel.messages.catalog import Catalog

ROOT = Path(__file__).resolve().parents[2]
spec = importlib.util.spec_from_file_location("i18n", ROOT / "tools" / "i18n.py")
i18n = importlib.util.module_from_spec(spec)
spec.loader.exec_module(i18n)


@pytest.fixture
def book(tmp_path, monkeypatch):
    """A tiny book: one template and one catalog for the page ``ch/01_page`` (a notebook)."""
    monkeypatch.setattr(i18n, "ROOT", tmp_path)
    monkeypatch.setattr(i18n, "LOCALES", tmp_path / "locales")
    monkeypatch.setattr(i18n, "GETTEXT", tmp_path / "_build" / "gettext")
    (tmp_path / "ch").mkdir()
    code = 'glue_phrase("verdict", "better", zh_CN="更好")\nglue("acc", 0.5)'
    notebook = {"cells": [{"cell_type": "markdown", "source": "# Title\n", "metadata": {}},
                          {"cell_type": "code", "source": code, "metadata": {}, "outputs": []}],
                "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    (tmp_path / "ch" / "01_page.ipynb").write_text(json.dumps(notebook))

    def write(entries, translations):
        template = Catalog()
        for text in entries:
            template.add(text)
        i18n.GETTEXT.joinpath("ch").mkdir(parents=True, exist_ok=True)
        with open(i18n.GETTEXT / "ch" / "01_page.pot", "wb") as f:
            pofile.write_po(f, template)
        catalog = Catalog(locale="zh_CN")
        for text in entries:
            if text in translations:
                catalog.add(text, translations[text], flags=("fuzzy",) if text.startswith("Fuzzy") else ())
        i18n.write_catalog(i18n.catalog_path("zh_CN", "ch/01_page"), catalog)
    return write


@pytest.mark.parametrize("text, expected", [
    ("\nz = w x + b\n", False),                                     # display math
    ("$f(z)$", False),
    ("{glue:text}`acc:.1%` ({glue:text}`lo:.1%`–{glue:text}`hi:.1%`)", False),
    ("`exercises/NN_*.ipynb`", False),
    ("A neuron computes $z = w^\\top x + b$.", True),
    ("{term}`neuron <Neuron>`", True),
])
def test_what_needs_translating(text, expected):
    assert i18n.translatable(text) is expected


def test_a_complete_faithful_translation_passes(book):
    book(["Accuracy {glue:text}`acc:.1%` with $L = 2$ layers and `lr`."],
         {"Accuracy {glue:text}`acc:.1%` with $L = 2$ layers and `lr`.": "准确率 {glue:text}`acc:.1%`，$L = 2$ 层，`lr`。"})
    assert i18n.problems("zh_CN") == []


@pytest.mark.parametrize("english, chinese, complaint", [
    ("Accuracy {glue:text}`acc:.1%`.", "准确率 97.3%。", "glued values"),              # a value typed in
    ("Accuracy {glue:text}`acc:.1%`.", "准确率 {glue:text}`acc:.2%`。", "glued values"),
    ("With $L = 2$ layers.", "有 $L=2$ 层。", "math and code"),
    ("Call `fit()`.", "调用 fit()。", "math and code"),
    ("Three seeds.", "3 个随机种子。", "numbers the English has not"),
    ("Fuzzy: the English changed.", "旧译文。", "fuzzy"),
    ("Nobody translated this.", None, "not in the catalog"),
])
def test_an_unfaithful_or_missing_translation_is_reported(book, english, chinese, complaint):
    book([english], {english: chinese} if chinese else {})
    found = i18n.problems("zh_CN")
    assert found and any(complaint in line for line in found), found


def test_an_empty_translation_is_untranslated(book):
    book(["Hello."], {"Hello.": ""})
    assert "untranslated" in i18n.problems("zh_CN")[0]


def test_import_fills_the_catalog_and_keeps_what_it_does_not_name(book, tmp_path):
    book(["First.", "Second.", "MNIST"], {})
    catalog = i18n.read_catalog(i18n.catalog_path("zh_CN", "ch/01_page"))
    catalog.add("First."), catalog.add("Second."), catalog.add("MNIST")
    i18n.write_catalog(i18n.catalog_path("zh_CN", "ch/01_page"), catalog)
    work = tmp_path / "work.txt"
    work.write_text(f"#domain ch/01_page\n@@ {i18n.key('First.')}\n第一。\n@@ {i18n.key('MNIST')}\n=\n")
    left = i18n.import_file("zh_CN", work)
    assert len(left) == 1 and "Second." in left[0]
    strings = {m.id: m.string for m in i18n.read_catalog(i18n.catalog_path("zh_CN", "ch/01_page")) if m.id}
    assert strings == {"First.": "第一。", "Second.": "", "MNIST": "MNIST"}
    work.write_text("#domain ch/01_page\n@@ 0123456789\n译文\n")
    with pytest.raises(SystemExit, match="no string with key"):
        i18n.import_file("zh_CN", work)


def test_update_keeps_translations_marks_changed_english_fuzzy_and_prefills_math(book):
    book(["The old sentence about layers."], {"The old sentence about layers.": "旧句子。"})
    template = Catalog()
    template.add("The new sentence about layers.")
    template.add("\nx = 1\n")
    with open(i18n.GETTEXT / "ch" / "01_page.pot", "wb") as f:
        pofile.write_po(f, template)
    i18n.update()
    text = i18n.catalog_path("zh_CN", "ch/01_page").read_text()
    assert '#| msgid "The old sentence about layers."' in text          # the previous English, for the translator
    messages = {m.id: m for m in i18n.read_catalog(i18n.catalog_path("zh_CN", "ch/01_page")) if m.id}
    assert messages["The new sentence about layers."].fuzzy
    assert messages["The new sentence about layers."].string == "旧句子。"
    assert messages["\nx = 1\n"].string == "\nx = 1\n"


def test_glue_in_a_translation_is_resolved_after_translation(book):
    """Same-page glue becomes the cross-page form (resolved after Sphinx swaps in the translation), and a
    phrase glued with glue_phrase points at its Chinese version; the committed catalog is left as written."""
    english = "Accuracy {glue:text}`acc:.1%` is {glue:text}`verdict`, and {glue:text}`other.ipynb::n`."
    book([english], {english: "准确率 {glue:text}`acc:.1%`，{glue:text}`verdict`，{glue:text}`other.ipynb::n`。"})
    out = i18n.build_catalogs("zh_CN", i18n.ROOT / "derived")
    built = {m.id: m.string for m in i18n.read_catalog(out / "zh_CN" / "LC_MESSAGES" / "ch" / "01_page.po") if m.id}
    assert built[english] == ("准确率 {glue:text}`01_page.ipynb::acc:.1%`，{glue:text}`01_page.ipynb::verdict__zh_CN:`，"
                              "{glue:text}`other.ipynb::n`。")
    committed = {m.id: m.string for m in i18n.read_catalog(i18n.catalog_path("zh_CN", "ch/01_page")) if m.id}
    assert "01_page.ipynb::" not in committed[english]


def test_markdown_cells_translate_block_by_block():
    table = {"Title": "标题", "A paragraph on two lines.": "两行的段落。", "first item": "第一项",
             "second item continues here": "第二项", "Note title": "注释标题", "cell": "单元"}
    _ = lambda text: table.get(text, text)
    cell = ("(label)=\n# Title\n\nA paragraph\non two lines.\n\n- first item\n- second item\n  continues here\n\n"
            ":::{admonition} Note title\nA paragraph on two lines.\n:::\n\n| cell | $x$ |\n| --- | --- |\n\n$$\nx = 1\n$$\n")
    out = i18n.translate_markdown(cell, _)
    assert out == ("(label)=\n# 标题\n\n两行的段落。\n\n- 第一项\n- 第二项\n\n"
                   ":::{admonition} 注释标题\n两行的段落。\n:::\n\n| 单元 | $x$ |\n| --- | --- |\n\n$$\nx = 1\n$$\n")


# --- the committed catalogs ----------------------------------------------------------------------------

CATALOGS = sorted((ROOT / "locales" / "zh_CN" / "LC_MESSAGES").rglob("*.po"))


def test_every_page_of_the_book_has_a_chinese_catalog():
    domains = {str(p.relative_to(ROOT / "locales" / "zh_CN" / "LC_MESSAGES").with_suffix("")) for p in CATALOGS}
    pages = {str(p.relative_to(ROOT).with_suffix("")) for p in ROOT.glob("chapters/*/*") if p.suffix in (".md", ".ipynb")}
    pages |= {str(p.relative_to(ROOT).with_suffix("")) for p in ROOT.glob("exercises/[0-9]*.ipynb")}
    pages |= {"intro", "exercises/index", "reference/faq", "reference/glossary", "reference/resources", "_book"}
    assert pages <= domains, f"pages without a catalog: {sorted(pages - domains)} (run `make translations`)"


def test_the_book_strings_are_those_of_the_config_and_toc():
    ids = {m.id for m in i18n.read_catalog(i18n.catalog_path("zh_CN", "_book")) if m.id}
    assert set(i18n.book_strings()) <= ids


def test_the_chinese_edition_config_is_chinese_and_shares_the_cache(tmp_path, monkeypatch):
    monkeypatch.setattr(i18n, "EDITIONS", tmp_path / "editions")
    folder = i18n.edition("zh_CN", tmp_path / "cache")
    config = yaml.safe_load((folder / "_config.yml").read_text())
    toc = yaml.safe_load((folder / "_toc.yml").read_text())
    _ = i18n.translator("zh_CN", "_book")
    assert config["sphinx"]["config"]["language"] == "zh_CN"
    assert config["execute"]["cache"] == str((tmp_path / "cache").resolve())
    assert config["title"] == _("Deep Learning, Checked") != "Deep Learning, Checked"
    assert [part["caption"] for part in toc["parts"]] == [_(c) for c in ("Chapters", "Exercises", "Reference")]
    assert all("\u4e00" <= ch <= "\u9fff" for ch in toc["parts"][0]["caption"])


def test_the_judge_knows_the_written_answer_placeholder_in_every_language():
    """A student may submit the Chinese edition's notebook: its untouched answer cell is blank, not an answer."""
    from dlcourse.exercises import judge

    translations = {m.string for path in CATALOGS if "exercises" in path.parts
                    for m in i18n.read_catalog(path) if m.id == judge.PLACEHOLDER and m.string}
    assert translations and translations <= judge.PLACEHOLDERS, translations - judge.PLACEHOLDERS


def test_a_written_answer_left_as_the_chinese_placeholder_is_blank(tmp_path):
    from dlcourse.exercises import judge

    cells = [{"cell_type": "markdown", "source": "## 书面题 1（w1）：为什么？", "metadata": {}},
             {"cell_type": "markdown", "source": "_在此输入你的答案，替换这段文字。_", "metadata": {}},
             {"cell_type": "markdown", "source": "<!-- END QUESTION -->", "metadata": {}},
             {"cell_type": "markdown", "source": "## 书面题 2 (w2)：怎样？", "metadata": {}},
             {"cell_type": "markdown", "source": "因为梯度消失。", "metadata": {}}]
    path = tmp_path / "submission.ipynb"
    path.write_text(json.dumps({"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}))
    assert judge.written_answers(path, ["w1", "w2"]) == {"w1": "", "w2": "因为梯度消失。"}


def test_the_judge_finds_every_written_question_in_the_chinese_notebooks():
    import re

    missing = []
    for path in CATALOGS:
        if "exercises" not in path.parts:
            continue
        for m in i18n.read_catalog(path):
            for name in re.findall(r"\((w\d+)\)", m.id or ""):
                if not re.search(rf"[(（]{name}[)）]", m.string or ""):
                    missing.append(f"{path.name}: {m.string!r}")
    assert not missing, "written-question headings the judge would not find:\n" + "\n".join(missing)
