"""Every page of the built book opened in Chromium, as a reader meets it: no console errors, no request
to any host but localhost, math typeset, images loaded, saved widgets drawn as controls, within the page
weight budget; plus search, navigation by click and a screenshot of each chapter's first screen."""
from __future__ import annotations

import re
import urllib.parse

import checks
from pagecheck import check_page, screenshot


def test_page_as_a_reader_sees_it(any_page, site, server, browser, reports):
    reader_page = any_page
    info = checks.load_site(site)[reader_page]
    expects_widgets = info.widget_views > 0
    report = check_page(browser, server, reader_page, expect_widgets=expects_widgets)
    checks.WEIGHTS[reader_page] = (report.bytes_sent, report.bytes_raw)
    problems = report.problems()
    if expects_widgets and report.widgets == 0:
        problems.append("saved widget state was not rendered as controls")
    if info.has_slider and report.sliders_visible == 0:
        problems.append("the page has a saved slider, but no slider is visible")
    problems += checks.over_budget({reader_page: report.bytes_sent})
    if problems:
        report.save(reports, problems)
    assert not problems, f"{reader_page}:\n" + "\n".join(problems)


def test_screenshot_of_each_chapter_first_screen(chapter, site, edition, server, browser):
    landing = checks.chapters(site)[chapter][0]
    out = screenshot(browser, server, landing,
                     site.parent / "screenshots" / (f"{edition}-{chapter}.png" if edition else f"{chapter}.png"))
    data = out.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 10_000, f"{out} is not a real screenshot"


def _search_term(site, edition, chapter) -> str:
    """A distinctive word from the chapter's landing-page title (its longest word; in Chinese, the longest
    word as the search index cuts it, with jieba)."""
    landing = checks.chapters(site)[chapter][0]
    title = checks.load_site(site)[landing].h1
    words = [w for w in re.findall(r"[A-Za-z]{5,}", title)]
    if edition == "zh_CN":
        import jieba

        words = [w for w in jieba.cut_for_search(title) if re.fullmatch(r"[\u4e00-\u9fff]{2,}", w)]
    assert words, f"no search term in the title {title!r} of {landing}"
    return max(words, key=len).lower()


def test_search_finds_a_term_from_each_chapter(chapter, site, edition, server, browser):
    term = _search_term(site, edition, chapter)
    page = browser.new_page()
    try:
        page.goto(server.url(f"search.html?q={urllib.parse.quote(term)}"), wait_until="load")
        page.wait_for_function(
            "() => { const s = document.querySelector('#search-results .search-summary');"
            " return s && s.innerText.trim().length > 0; }")   # set when the search ends, in any language
        hrefs = page.eval_on_selector_all("#search-results ul.search li a", "as => as.map(a => a.href)")
    finally:
        page.close()
    assert any(f"/chapters/{chapter}/" in h for h in hrefs), (
        f"searching {term!r} found no page of {chapter}: {hrefs}")


def test_previous_next_buttons_work_when_clicked(site, server, browser):
    order = checks.toc_order(site)
    assert len(order) >= 2, "the book has fewer than two pages"
    pages = checks.load_site(site)
    page = browser.new_page()
    try:
        page.goto(server.url(order[0]), wait_until="load")
        page.click("a.right-next")
        page.wait_for_url(server.url(order[1]))
        assert page.title() == pages[order[1]].title
        page.click("a.left-prev")
        page.wait_for_url(server.url(order[0]))
        assert page.title() == pages[order[0]].title
    finally:
        page.close()
