"""The book's two editions, English and Chinese (tools/i18n.py): the right language on every page, a
language switch that goes to the same page in the other edition and back, glued values that render in
both, Chinese prose in the Chinese edition, and Chinese words in its search index.

Run once per edition (``DLCOURSE_SITE=.../site/en`` and ``.../site/zh_CN``; `make browser` does both). A
book built alone, without the site around it, skips these tests."""
from __future__ import annotations

import json
import re

import pytest

import checks

CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")   # Chinese characters and punctuation
ENGLISH_WORDS = re.compile(r"\b[A-Za-z][a-z]{2,}\b")


@pytest.fixture(scope="module")
def other(site, edition):
    if edition is None:
        pytest.skip("a book built alone (no site with both editions)")
    return {lang: site.parent / lang for lang in checks.EDITIONS if lang != edition}


def test_every_page_declares_the_editions_language(site, edition, other):
    expected = edition.replace("_", "-")
    wrong = [f"{rel}: lang={page.lang!r}" for rel, page in checks.load_site(site).items()
             if page.lang != expected and not page.redirect]
    assert not wrong, f"pages whose <html lang> is not {expected!r}:\n" + "\n".join(wrong)


def test_the_language_switch_goes_to_the_same_page_and_back(site, edition, other):
    pages = checks.load_site(site)
    problems = []
    for rel in checks.reader_pages(site):
        links = dict(pages[rel].language_links)
        for lang, folder in other.items():
            href = links.get(lang.replace("_", "-"))
            if href is None:
                problems.append(f"{rel}: no link to the {lang} edition")
                continue
            target, _ = checks.resolve(rel, href)
            if target != f"../{lang}/{rel}":
                problems.append(f"{rel}: the {lang} link goes to {target}, not to the same page")
                continue
            there = checks.load_site(folder).get(rel)
            back = dict(there.language_links).get(edition.replace("_", "-")) if there else None
            if there is None or back is None or checks.resolve(rel, back)[0] != f"../{edition}/{rel}":
                problems.append(f"{rel}: the {lang} page does not link back here")
    assert not problems, "\n".join(problems)


def test_glued_values_render_in_both_editions(site, other):
    """A glued value that did not resolve renders as nothing at all; so every page must show as many glued
    values as the same page of the other edition, and none of them empty."""
    pages = checks.load_site(site)
    problems = [f"{rel}: an empty glued value" for rel in checks.reader_pages(site) if "" in pages[rel].pasted]
    for folder in other.values():
        there = checks.load_site(folder)
        for rel in checks.reader_pages(site):
            if rel in there and len(pages[rel].pasted) != len(there[rel].pasted):
                problems.append(f"{rel}: {len(pages[rel].pasted)} glued values here, {len(there[rel].pasted)} in {folder.name}")
    assert not problems, "\n".join(problems)


def _english_blocks(site):
    pages = checks.load_site(site)
    found = []
    for rel in checks.reader_pages(site):
        for block in pages[rel].blocks:
            if not CJK.search(block) and len(ENGLISH_WORDS.findall(block)) >= 4:
                found.append(f"{rel}: {block[:100]!r}")
    return found


def test_the_chinese_edition_is_in_chinese(site, edition, other):
    """Every paragraph, heading, list item and table cell of the Chinese edition's prose has Chinese in it
    (code, math, cell outputs and the bibliography's titles stay as they are)."""
    if edition != "zh_CN":
        pytest.skip("the English edition")
    found = _english_blocks(site)
    assert not found, f"{len(found)} blocks of English prose in the Chinese edition:\n" + "\n".join(found[:60])


def test_glued_phrases_are_in_the_editions_language(site, edition, other):
    """A phrase glued into the Chinese prose (dlcourse.phrases.glue_phrase) is the Chinese one."""
    if edition != "zh_CN":
        pytest.skip("the English edition")
    pages = checks.load_site(site)
    found = [f"{rel}: {value!r}" for rel in checks.reader_pages(site) for value in pages[rel].pasted
             if len(ENGLISH_WORDS.findall(value)) >= 2 and not CJK.search(value)]
    assert not found, "English phrases glued into the Chinese edition:\n" + "\n".join(found)


def test_the_chinese_edition_says_the_launched_notebook_is_english(site, edition, other):
    if edition != "zh_CN":
        pytest.skip("the English edition")
    pages = checks.load_site(site)
    missing = [rel for rel in checks.reader_pages(site) if "Binder" not in pages[rel].text or "英文" not in pages[rel].text]
    assert not missing, f"pages without the note on the launch buttons: {missing[:10]}"


def test_the_search_index_has_chinese_words(site, edition, other):
    if edition != "zh_CN":
        pytest.skip("the English edition")
    index = (site / "searchindex.js").read_text(encoding="utf-8")
    terms = json.loads(index[index.index("(") + 1:index.rindex(")")])["terms"]   # Search.setIndex({...})
    words = {t for t in terms if re.fullmatch(r"[\u4e00-\u9fff]{2,}", t)}
    assert len(words) > 500, f"only {len(words)} Chinese words in the search index (is jieba installed?)"
    assert {"神经网络", "梯度"} <= words or {"神经", "梯度"} <= words, sorted(words)[:50]
