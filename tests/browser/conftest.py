"""Fixtures for the browser tests of the built book.

The site is taken from ``DLCOURSE_SITE``: one edition of the book (default: ``_build/site/en`` of this
repository, what `make book` writes; `make browser` runs the suite once per edition). The book's sources,
which the launch and download buttons point at, come from ``DLCOURSE_BOOK_SOURCE`` (default: this
repository). Screenshots go to ``screenshots/`` beside the site (``_build/test/site/screenshots/``, named
after the edition); a failing page's report to ``reports/`` inside the site.
"""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

import checks
from bookserver import BookServer
from pagecheck import Browser

REPO = Path(__file__).resolve().parents[2]
SITE = Path(os.environ.get("DLCOURSE_SITE") or REPO / "_build" / "site" / "en").resolve()
SOURCE = Path(os.environ.get("DLCOURSE_BOOK_SOURCE") or REPO).resolve()



def site_is_built() -> bool:
    return (SITE / "intro.html").is_file()


def pytest_generate_tests(metafunc):
    if "reader_page" in metafunc.fixturenames:
        pages = checks.reader_pages(SITE) if site_is_built() else []
        metafunc.parametrize("reader_page", pages)
    if "any_page" in metafunc.fixturenames:  # reader pages plus the index and search pages
        pages = checks.reader_pages(SITE) if site_is_built() else []
        pages += sorted(p for p in checks.SPECIAL_PAGES if (SITE / p).is_file())
        metafunc.parametrize("any_page", pages)
    if "chapter" in metafunc.fixturenames:
        chapters = sorted(checks.chapters(SITE)) if site_is_built() else []
        metafunc.parametrize("chapter", chapters)


@pytest.fixture(scope="session")
def site() -> Path:
    if not site_is_built():
        pytest.fail(f"no built book at {SITE}: run `make book` first (or set DLCOURSE_SITE)")
    return SITE


@pytest.fixture(scope="session")
def reports(site) -> Path:
    """Where a failing page's report goes: reports/ in the site, which CI uploads (a run that fails is
    never deployed); emptied at the start of each run."""
    folder = site / "reports"
    shutil.rmtree(folder, ignore_errors=True)
    return folder


@pytest.fixture(scope="session")
def source() -> Path:
    return SOURCE


@pytest.fixture(scope="session")
def edition(site) -> str | None:
    """The language of the edition under test (None for a book built alone, without the other edition)."""
    return checks.edition(site)


@pytest.fixture(scope="session")
def server(site, edition):
    """Serves the site; with both editions, the folder that holds them, so the language switch can be followed."""
    with BookServer(site.parent, prefix=f"{edition}/") if edition else BookServer(site) as srv:
        yield srv


@pytest.fixture(scope="session")
def browser():
    b = Browser()
    yield b
    b.close()


def pytest_terminal_summary(terminalreporter):
    if not checks.WEIGHTS:
        return
    rel, (sent, raw) = max(checks.WEIGHTS.items(), key=lambda kv: kv[1][0])
    terminalreporter.write_line(
        f"page weight: the largest of {len(checks.WEIGHTS)} pages is {rel}: {sent / 1e6:.2f} MB transferred "
        f"({raw / 1e6:.2f} MB uncompressed) with its assets; budget {checks.PAGE_BUDGET_BYTES / 1e6:.0f} MB"
    )
