"""The checks catch a broken page: copy the built site, break one page in each way (a raw equation, a
missing image, an image without alt text, a broken link and anchor, a broken 'next' link, a request to
another host, an oversized page, a bare True and a raw doctest report among the outputs) and assert that the same checkers the real tests use report exactly
that page."""
from __future__ import annotations

import base64
import os
import posixpath
import shutil

import pytest

import checks
from bookserver import BookServer
from pagecheck import check_page

# Two ways TeX reaches a reader raw: delimiters the Markdown parser did not turn into a math element
# (MathJax in the browser may still typeset these, so the HTML check catches them), and an unbalanced
# delimiter that nothing can typeset (the browser check catches it too).
RAW_EQUATION = ("<p>The loss is $$L = (y - \\hat{y})^2$$ for one example.</p>"
                "<p>Its gradient is \\[ \\partial L / \\partial w, computed below.</p>")


def _rel_link(from_page: str, to_page: str) -> str:
    return posixpath.relpath(to_page, posixpath.dirname(from_page) or ".")


def _rewrite(path, text):
    """Replace a file of the copy; unlink first, since the copy hard-links the original site's files."""
    path.unlink()
    path.write_text(text, encoding="utf-8")


def _inject(site, rel, html):
    """Insert ``html`` at the top of the page's article."""
    path = site / rel
    text = path.read_text(encoding="utf-8")
    marker = '<article class="bd-article">'
    assert marker in text, f"{rel}: no article element to break"
    _rewrite(path, text.replace(marker, marker + html, 1))


@pytest.fixture(scope="module")
def broken(site, tmp_path_factory):
    """A copy of the site with one page broken in each way; returns (copy, {kind: page})."""
    copy = tmp_path_factory.mktemp("broken") / "html"
    shutil.copytree(site, copy, symlinks=False, copy_function=os.link,
                    ignore=shutil.ignore_patterns("reports"))
    order = [rel for rel in checks.toc_order(copy) if rel != "intro.html"]
    assert len(order) >= 6, "need six pages to break"
    victims = dict(zip(["math", "image", "alt", "link", "nav", "external", "heavy"], order + order[:1]))
    victims["heavy"] = order[-1]

    _inject(copy, victims["math"], RAW_EQUATION)

    # Missing image: delete a figure only this page shows, or add one whose file is not there.
    pages = checks.load_site(copy)
    used_by: dict[str, set[str]] = {}
    for rel, page in pages.items():
        for img in page.images:
            if checks._is_local(img.src):
                used_by.setdefault(checks.resolve(rel, img.src)[0], set()).add(rel)
    own = [img for img in pages[victims["image"]].images if checks._is_local(img.src)
           and used_by[checks.resolve(victims["image"], img.src)[0]] == {victims["image"]}]
    if own:
        (copy / checks.resolve(victims["image"], own[0].src)[0]).unlink()
        victims["missing_image_src"] = own[0].src
    else:
        src = _rel_link(victims["image"], "_images/deleted-figure.png")
        _inject(copy, victims["image"], f'<img alt="A learning curve" src="{src}"/>')
        victims["missing_image_src"] = src

    logo = _rel_link(victims["alt"], "_static/images/logo_binder.svg")
    _inject(copy, victims["alt"], f'<img src="{logo}"/>')

    intro = _rel_link(victims["link"], "intro.html")
    _inject(copy, victims["link"], f'<a href="{_rel_link(victims["link"], "no-such-page.html")}">gone</a>'
                                   f'<a href="{intro}#no-such-anchor">moved</a>')

    nav = copy / victims["nav"]
    text = nav.read_text(encoding="utf-8")
    _rewrite(nav, text.replace('class="right-next"\n       href="', 'class="right-next"\n       href="x-', 1)
                   .replace('class="right-next" href="', 'class="right-next" href="x-', 1))

    _inject(copy, victims["external"], '<img alt="A remote figure" src="https://cdn.example.org/fig.png"/>')

    # Outputs a reader should not see: a bare boolean and a raw doctest report.
    victims["outputs"] = victims["math"]
    _inject(copy, victims["outputs"], '<div class="output stream highlight-myst-ansi notranslate"><div class="highlight">'
                                      '<pre><span></span>gradients agree:\nTrue\n</pre></div></div>'
                                      '<div class="output stream highlight-myst-ansi notranslate"><div class="highlight">'
                                      '<pre>Failed example:\n    f(2)\nExpected:\n    4\nGot:\n    5\n</pre></div></div>')

    # A stylesheet of random text (which gzip cannot shrink) bigger than the whole budget.
    noise = base64.b64encode(os.urandom(int(checks.PAGE_BUDGET_BYTES * 1.2))).decode()
    (copy / "_static" / "heavy.css").write_text(f"/* {noise} */\n", encoding="utf-8")
    heavy = _rel_link(victims["heavy"], "_static/heavy.css")
    _inject(copy, victims["heavy"], f'<link rel="stylesheet" href="{heavy}"/>')

    return copy, victims


@pytest.fixture(scope="module")
def broken_server(broken):
    with BookServer(broken[0]) as srv:
        yield srv


def _only(problems, page):
    """The problems name the broken page, and only it."""
    assert problems, f"the breakage on {page} went unnoticed"
    assert all(p.startswith(page) or page in p for p in problems), problems


def test_bare_boolean_and_doctest_dump_are_caught(broken):
    copy, victims = broken
    problems = checks.output_problems(copy)
    _only(problems, victims["outputs"])
    assert any("True/False" in p for p in problems) and any("doctest" in p for p in problems)


def test_raw_equation_is_caught(broken, browser, broken_server):
    copy, victims = broken
    pages = checks.load_site(copy)
    hits = {rel: checks.raw_math(pages[rel].text) for rel in checks.reader_pages(copy)}
    assert [rel for rel, found in hits.items() if found] == [victims["math"]]
    report = check_page(browser, broken_server, victims["math"])
    assert any("\\[ \\partial L" in s for s in report.raw_math), report.raw_math
    assert any("raw math" in p for p in report.problems())


def test_missing_image_is_caught(broken, browser, broken_server):
    copy, victims = broken
    problems = [p for rel in checks.reader_pages(copy) for p in checks.image_problems(copy, rel)
                if "is missing" in p]
    _only(problems, victims["image"])
    _only([p for p in checks.broken_links(copy) if "missing file" in p and "_images" in p], victims["image"])
    report = check_page(browser, broken_server, victims["image"])
    assert any(victims["missing_image_src"] in s for s in report.broken_images), report.broken_images
    assert report.failed_requests and report.console_errors


def test_image_without_alt_text_is_caught(broken):
    copy, victims = broken
    problems = [p for rel in checks.reader_pages(copy) for p in checks.image_problems(copy, rel)
                if "alt text" in p]
    assert any(p.startswith(victims["alt"]) and "logo_binder.svg" in p for p in problems), problems


def test_broken_link_and_anchor_are_caught(broken):
    copy, victims = broken
    problems = checks.broken_links(copy)
    page = victims["link"]
    assert any(p.startswith(page) and "no-such-page.html" in p for p in problems), problems
    assert any(p.startswith(page) and "#no-such-anchor" in p for p in problems), problems


def test_broken_next_link_is_caught(broken):
    copy, victims = broken
    problems = checks.nav_problems(copy)
    assert any(p.startswith(victims["nav"]) and "'next'" in p for p in problems), problems


def test_request_to_another_host_is_caught(broken, browser, broken_server):
    copy, victims = broken
    assert [p for p in checks.external_assets(copy)] == [
        f'{victims["external"]}: <img src=\'https://cdn.example.org/fig.png\'>']
    report = check_page(browser, broken_server, victims["external"])
    assert report.external_requests == ["https://cdn.example.org/fig.png"]
    assert any("another host" in p for p in report.problems())


def test_page_over_the_weight_budget_is_caught(broken, browser, broken_server):
    copy, victims = broken
    report = check_page(browser, broken_server, victims["heavy"])
    problems = checks.over_budget({victims["heavy"]: report.bytes_sent})
    assert problems and problems[0].startswith(victims["heavy"]), (report.bytes_sent, problems)
