"""Checks on the built book's HTML files, in plain Python (no browser).

Each checker returns a list of problems as readable strings (empty when all is well), so that the real
tests (test_site.py, test_pages.py) and the tests that break a copy of the site on purpose
(test_meta.py) use exactly the same code.
"""
from __future__ import annotations

import html
import json
import posixpath
import re
import urllib.parse
from dataclasses import dataclass, field
from functools import lru_cache
from html.parser import HTMLParser
from pathlib import Path

WIDGET_STATE = "application/vnd.jupyter.widget-state+json"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
SLIDER_MODELS = {
    "IntSliderModel",
    "FloatSliderModel",
    "FloatLogSliderModel",
    "IntRangeSliderModel",
    "FloatRangeSliderModel",
    "SelectionSliderModel",
    "SelectionRangeSliderModel",
}
# Pages Sphinx writes that are not part of the table of contents.
SPECIAL_PAGES = {"genindex.html", "search.html", "py-modindex.html"}
PAGE_BUDGET_BYTES = 3_000_000  # "no page over 3 MB with its assets"
# Filled by test_pages.py while it runs: page -> (bytes transferred, bytes before compression);
# conftest.py names the largest at the end of the run.
WEIGHTS: dict[str, tuple[int, int]] = {}

# Text that means TeX reached the reader unrendered: display delimiters, inline \( \) and environments.
_RAW_MATH = re.compile(r"\$\$|\\\[|\\\]|\\\(|\\\)|\\begin\{[a-z*]+\}")
_SKIP_TAGS = {"pre", "code", "script", "style", "textarea", "kbd", "samp"}
# Elements whose text is a block of prose (the language checks read them one by one).
_BLOCK_TAGS = {"p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "td", "th", "dt", "dd", "figcaption", "caption"}
_LINK_ATTRS = {("a", "href"), ("img", "src"), ("script", "src"), ("link", "href"), ("source", "src"),
               ("iframe", "src"), ("video", "src"), ("audio", "src")}

_LOADED_LINK_RELS = {"stylesheet", "preload", "modulepreload", "icon", "shortcut icon", "prefetch",
                     "manifest", "apple-touch-icon"}


@dataclass
class Image:
    src: str
    alt: str | None


@dataclass
class Page:
    """What the checks need from one HTML file."""

    relpath: str
    title: str = ""
    h1: str = ""
    ids: set[str] = field(default_factory=set)
    refs: list[tuple[str, str]] = field(default_factory=list)  # (tag, url) of every link and asset
    images: list[Image] = field(default_factory=list)
    prev: str | None = None
    next: str | None = None
    redirect: bool = False
    math_elements: int = 0
    text: str = ""  # visible text outside code, scripts and math elements
    widget_models: set[str] = field(default_factory=set)
    widget_views: int = 0
    download_source: str | None = None
    external_assets: list[str] = field(default_factory=list)  # things the browser would fetch elsewhere
    launch_links: list[str] = field(default_factory=list)
    lang: str = ""  # <html lang>
    language_links: list[tuple[str, str]] = field(default_factory=list)  # (hreflang, href) of the language switch
    pasted: list[str] = field(default_factory=list)  # the text of every glued value in the prose
    blocks: list[str] = field(default_factory=list)  # prose blocks (paragraphs, items, headings, cells) outside outputs

    @property
    def has_slider(self) -> bool:
        return self.widget_views > 0 and bool(self.widget_models & SLIDER_MODELS)


class _PageParser(HTMLParser):
    def __init__(self, page: Page):
        super().__init__(convert_charrefs=True)
        self.page = page
        self._skip: list[list] = []  # [tag, depth] of the element whose text is not prose
        self._in_title = False
        self._in_h1 = False
        self._script_type: str | None = None
        self._script_data: list[str] = []
        self._text: list[str] = []
        self._aside: list[list] = []  # [tag, depth] of a cell's output or the bibliography: not prose blocks
        self._block: list | None = None  # [tag, depth, texts] of the prose block being read
        self._pasted: list | None = None  # [depth, texts] of the glued value being read

    def handle_starttag(self, tag, attrs):
        a = {k: (v if v is not None else "") for k, v in attrs}
        classes = a.get("class", "").split()
        for key in ("id", "name"):
            if a.get(key) and (key == "id" or tag == "a"):
                self.page.ids.add(a[key])
        if (tag, "href") in _LINK_ATTRS and "href" in a:
            self.page.refs.append((tag, a["href"]))
        if (tag, "src") in _LINK_ATTRS and "src" in a:
            self.page.refs.append((tag, a["src"]))
        for attr in ("src", "href", "data-jupyter-widgets-cdn"):
            value = a.get(attr, "")
            loaded = attr != "href" or (tag == "link" and a.get("rel", "") in _LOADED_LINK_RELS)
            if loaded and value.startswith(("http:", "https:", "//")) and tag != "a":
                self.page.external_assets.append(f"<{tag} {attr}={value!r}>")
        if tag == "html":
            self.page.lang = a.get("lang", "")
        if tag == "a" and "dlcourse-language-link" in classes:
            self.page.language_links.append((a.get("hreflang", ""), a.get("href", "")))
        if self._pasted is not None and tag == "span":
            self._pasted[0] += 1
        elif tag == "span" and "pasted-text" in classes:
            self._pasted = [1, []]
        if self._aside:
            if tag == self._aside[-1][0]:
                self._aside[-1][1] += 1
        elif {"cell_output", "citation", "bibliography"} & set(classes):
            self._aside.append([tag, 1])
        if self._block is not None:
            if tag == self._block[0]:
                self._block[1] += 1
        elif not self._aside and tag in _BLOCK_TAGS:
            self._block = [tag, 1, []]
        if tag == "img":
            self.page.images.append(Image(a.get("src", ""), a.get("alt")))
        if tag == "a":
            if "left-prev" in classes:
                self.page.prev = a.get("href")
            if "right-next" in classes:
                self.page.next = a.get("href")
            if "btn-download-source-button" in classes:
                self.page.download_source = a.get("href")
            href = a.get("href", "")
            if href.startswith("http") and ("/v2/gh/" in href or "colab.research.google.com/github/" in href):
                self.page.launch_links.append(href)  # Binder and Colab launch buttons
        if tag == "meta" and a.get("http-equiv", "").lower() == "refresh":
            self.page.redirect = True
        if tag == "title":
            self._in_title = True
        if tag == "h1" and not self.page.h1:
            self._in_h1 = True
        if tag == "script":
            self._script_type = a.get("type", "")
            self._script_data = []
            if self._script_type == WIDGET_VIEW:
                self.page.widget_views += 1
        is_math = "math" in classes and tag in ("span", "div")
        if is_math:
            self.page.math_elements += 1
        if self._skip:
            if tag == self._skip[-1][0]:
                self._skip[-1][1] += 1
        elif tag in _SKIP_TAGS or is_math:
            self._skip.append([tag, 1])

    def handle_endtag(self, tag):
        if self._pasted is not None and tag == "span":
            self._pasted[0] -= 1
            if self._pasted[0] == 0:
                self.page.pasted.append("".join(self._pasted[1]).strip())
                self._pasted = None
        if self._aside and tag == self._aside[-1][0]:
            self._aside[-1][1] -= 1
            if self._aside[-1][1] == 0:
                self._aside.pop()
        if self._block is not None and tag == self._block[0]:
            self._block[1] -= 1
            if self._block[1] == 0:
                text = " ".join("".join(self._block[2]).split())
                if text:
                    self.page.blocks.append(text)
                self._block = None
        if tag == "title":
            self._in_title = False
        if tag == "h1":
            self._in_h1 = False
        if tag == "script":
            if self._script_type == WIDGET_STATE:
                self._read_widget_state("".join(self._script_data))
            self._script_type = None
        if self._skip and tag == self._skip[-1][0]:
            self._skip[-1][1] -= 1
            if self._skip[-1][1] == 0:
                self._skip.pop()

    def handle_data(self, data):
        if self._script_type is not None:
            self._script_data.append(data)
        if self._in_title:
            self.page.title += data
        if self._in_h1:
            self.page.h1 += data
        if not self._skip:
            self._text.append(data)
            if self._block is not None:
                self._block[2].append(data)
        if self._pasted is not None:
            self._pasted[1].append(data)

    def _read_widget_state(self, body: str):
        try:
            state = json.loads(body).get("state", {})
        except ValueError:
            return
        for model in state.values():
            name = model.get("model_name")
            if name:
                self.page.widget_models.add(name)

    def close(self):
        super().close()
        self.page.text = " ".join(self._text)
        self.page.title = " ".join(self.page.title.split())
        self.page.h1 = " ".join(self.page.h1.split()).rstrip("#").strip()


def parse_page(site: Path, relpath: str) -> Page:
    page = Page(relpath)
    parser = _PageParser(page)
    parser.feed((Path(site) / relpath).read_text(encoding="utf-8", errors="replace"))
    parser.close()
    return page


def html_files(site: Path) -> list[str]:
    """Every HTML file of the site (relative paths), leaving out the theme's and Sphinx's own folders."""
    site = Path(site)
    out = []
    for path in site.rglob("*.html"):
        rel = path.relative_to(site).as_posix()
        if rel.split("/")[0].startswith("_"):
            continue
        out.append(rel)
    return sorted(out)


@lru_cache(maxsize=8)
def _load(site: str, stamp: float) -> dict[str, Page]:
    return {rel: parse_page(Path(site), rel) for rel in html_files(Path(site))}


def load_site(site: Path) -> dict[str, Page]:
    """Parse every HTML file of the site once (cached while the files are unchanged)."""
    site = Path(site)
    stamp = max((p.stat().st_mtime for p in site.rglob("*.html")), default=0.0)
    return _load(str(site.resolve()), stamp)


def reader_pages(site: Path) -> list[str]:
    """The pages a reader navigates: every HTML page but redirects, the index and the search page."""
    pages = load_site(site)
    return [rel for rel, page in pages.items() if not page.redirect and rel not in SPECIAL_PAGES]


# --- links -------------------------------------------------------------------------------------------

def _is_local(url: str) -> bool:
    scheme = urllib.parse.urlsplit(url).scheme
    return scheme == "" and not url.startswith("//")


def resolve(page_rel: str, url: str) -> tuple[str, str]:
    """Resolve a local URL found on ``page_rel`` to (target path relative to the site, fragment)."""
    parts = urllib.parse.urlsplit(url)
    path = urllib.parse.unquote(parts.path)
    if path == "":
        target = page_rel
    elif path.startswith("/"):
        target = path.lstrip("/")
    else:
        target = posixpath.normpath(posixpath.join(posixpath.dirname(page_rel), path))
    if path.endswith("/") or target in (".", ""):
        target = posixpath.join(target, "index.html") if target not in (".", "") else "index.html"
    return target, urllib.parse.unquote(parts.fragment)


EDITIONS = ("en", "zh_CN")  # the languages of the book, each built into a folder of that name (tools/i18n.py)


def edition(site: Path) -> str | None:
    """The language of ``site`` when it is one edition of a site with several (site/en/, site/zh_CN/)."""
    site = Path(site)
    return site.name if site.name in EDITIONS and (site.parent / "index.html").is_file() else None


def other_edition(site: Path, target: str) -> Path | None:
    """The file that a link leaving ``site`` (``../zh_CN/page.html``) reaches in another edition, or None
    when the link leaves the book."""
    parts = target.split("/")
    if edition(site) and len(parts) > 2 and parts[0] == ".." and parts[1] in EDITIONS and parts[1] != Path(site).name:
        return Path(site).parent.joinpath(*parts[1:])
    return None


def broken_links(site: Path) -> list[str]:
    """Local links and assets that point at a missing file, or at a missing anchor in an HTML page."""
    site = Path(site)
    pages = load_site(site)
    problems = []
    for rel, page in pages.items():
        for tag, url in page.refs:
            if not url or not _is_local(url) or url.startswith(("data:", "javascript:")):
                continue
            target, fragment = resolve(rel, url)
            if target.startswith("../"):
                sibling = other_edition(site, target)
                if sibling is None:
                    problems.append(f"{rel}: <{tag}> {url!r} points outside the site")
                elif not sibling.is_file():
                    problems.append(f"{rel}: <{tag}> {url!r} -> missing page of the other edition {target}")
                continue
            path = site / target
            if path.is_dir():
                path = path / "index.html"
                target = posixpath.join(target, "index.html")
            if not path.is_file():
                problems.append(f"{rel}: <{tag}> {url!r} -> missing file {target}")
                continue
            if fragment and target.endswith(".html"):
                ids = pages[target].ids if target in pages else parse_page(site, target).ids
                if fragment not in ids:
                    problems.append(f"{rel}: <{tag}> {url!r} -> no anchor #{fragment} in {target}")
    return problems


def external_assets(site: Path) -> list[str]:
    """Scripts, styles, images, fonts or widget code a page would load from another host."""
    return [f"{rel}: {asset}" for rel, page in load_site(site).items() for asset in page.external_assets]


# --- figures -----------------------------------------------------------------------------------------

def image_problems(site: Path, rel: str) -> list[str]:
    """Images on a page that are missing, or that have no alt text (an alt that is only the image's own
    file name or path, which is what a notebook plot gets when nobody wrote one, counts as none)."""
    site = Path(site)
    page = load_site(site).get(rel) or parse_page(site, rel)
    problems = []
    for img in page.images:
        if _is_local(img.src) and not img.src.startswith("data:"):
            target, _ = resolve(rel, img.src)
            if not (site / target).is_file():
                problems.append(f"{rel}: image {img.src!r} is missing")
        alt = (img.alt or "").strip()
        if img.alt is None or not alt:
            problems.append(f"{rel}: image {img.src!r} has no alt text")
        elif alt == img.src or posixpath.basename(alt) == posixpath.basename(img.src.split("?")[0]):
            problems.append(f"{rel}: image {img.src!r} has only its file name as alt text")
    return problems


# --- math ----------------------------------------------------------------------------------------------

def raw_math(text: str) -> list[str]:
    """TeX delimiters left in text a reader sees (code and typeset math already removed)."""
    found = []
    for m in _RAW_MATH.finditer(text):
        start, end = max(0, m.start() - 30), min(len(text), m.end() + 30)
        found.append(" ".join(text[start:end].split()))
    return found


# --- navigation ----------------------------------------------------------------------------------------

def nav_problems(site: Path, root: str = "intro.html") -> list[str]:
    """Previous/next links: following "next" from the root page visits every reader page once, in the
    order of the table of contents, and each page's "previous" leads back."""
    site = Path(site)
    pages = load_site(site)
    readers = set(reader_pages(site))
    problems = []
    if root not in pages:
        return [f"the root page {root} is missing"]
    for rel in sorted(readers):
        if not pages[rel].title.strip():
            problems.append(f"{rel}: empty <title>")
        if not pages[rel].h1:
            problems.append(f"{rel}: no <h1> heading")
    seen, order, current = set(), [], root
    while current is not None:
        if current in seen:
            problems.append(f"'next' links loop back to {current}")
            break
        seen.add(current)
        order.append(current)
        page = pages.get(current)
        if page is None:
            problems.append(f"'next' leads to {current}, which is not a page of the site")
            break
        if page.next is None:
            break
        target, _ = resolve(current, page.next)
        nxt = pages.get(target)
        if nxt is None:
            problems.append(f"{current}: 'next' link {page.next!r} leads to missing page {target}")
            break
        back = resolve(target, nxt.prev)[0] if nxt.prev else None
        if back != current:
            problems.append(f"{target}: 'previous' leads to {back}, expected {current}")
        current = target
    if pages[root].prev is not None:
        problems.append(f"{root}: the first page has a 'previous' link")
    missing = readers - seen
    if missing:
        problems.append(f"pages not reached by 'next' from {root}: {sorted(missing)}")
    return problems


def toc_order(site: Path, root: str = "intro.html") -> list[str]:
    """Reader pages in the order the 'next' links give."""
    pages = load_site(site)
    order, current = [], root
    while current in pages and current not in order:
        order.append(current)
        nxt = pages[current].next
        current = resolve(current, nxt)[0] if nxt else None
    return order


# --- page weight -----------------------------------------------------------------------------------------

def over_budget(weights: dict[str, int], budget: int = PAGE_BUDGET_BYTES) -> list[str]:
    """Pages whose bytes (the page and every asset it loaded) exceed the budget."""
    return [f"{rel}: {n / 1e6:.2f} MB > {budget / 1e6:.1f} MB" for rel, n in sorted(weights.items())
            if n > budget]


def chapters(site: Path) -> dict[str, list[str]]:
    """Chapter folder -> its reader pages (landing page first), from the site's chapters/ folder."""
    out: dict[str, list[str]] = {}
    for rel in reader_pages(site):
        parts = rel.split("/")
        if len(parts) == 3 and parts[0] == "chapters":
            out.setdefault(parts[1], []).append(rel)
    for pages in out.values():
        pages.sort(key=lambda r: (not r.endswith("/index.html"), r))
    return dict(sorted(out.items()))


# --- what the cells printed ------------------------------------------------------------------------

_OUTPUT = re.compile(r'<div class="output [^"]*"><div class="highlight"><pre>(.*?)</pre>', re.S)
_DOCTEST_DUMP = ("Failed example:", "Expected:\n", "\nGot:\n", "*" * 20)


def printed_outputs(text: str) -> list[str]:
    """The text of every printed (stream or plain-text) output block of a built page."""
    return [html.unescape(re.sub(r"<[^>]+>", "", block)) for block in _OUTPUT.findall(text)]


def output_problems(site: Path) -> list[str]:
    """Outputs no reader should see: a line that is only ``True`` or ``False`` (a check belongs in an
    ``assert`` with a sentence), and doctest's raw failure reports (on the exercise pages too)."""
    problems = []
    for rel in reader_pages(site):
        for block in printed_outputs((site / rel).read_text(encoding="utf-8")):
            lines = [line.strip() for line in block.splitlines()]
            if any(line in ("True", "False") for line in lines):
                problems.append(f"{rel}: a bare True/False line in {block.strip()[:80]!r}")
            if any(marker in block for marker in _DOCTEST_DUMP):
                problems.append(f"{rel}: a raw doctest report in {block.strip()[:80]!r}")
    return problems
