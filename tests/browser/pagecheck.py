"""Load one page of the built book in Chromium, the way a reader does, and report what went wrong.

Used by test_pages.py on the real site and by test_meta.py on copies broken on purpose.
"""
from __future__ import annotations

import dataclasses
import json
import os
import tempfile
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

from playwright.sync_api import TimeoutError as PlaywrightTimeout

from bookserver import BookServer
from checks import raw_math

# Debian's Chromium (installed by .ci/run); DLCOURSE_CHROMIUM may name another Chromium or Chrome binary.
CHROMIUM = os.environ.get("DLCOURSE_CHROMIUM") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
LOCAL_HOSTS = {"127.0.0.1", "localhost"}
VIEWPORT = {"width": 1280, "height": 800}

# After the page's load event: wait for MathJax to finish typesetting and for web fonts to arrive.
_SETTLE_JS = """async () => {
  if (window.MathJax && MathJax.startup && MathJax.startup.promise) { await MathJax.startup.promise; }
  await document.fonts.ready;
  return true;
}"""

# What the page shows once settled. Prose text excludes code, scripts and typeset math, so TeX left in it
# was never rendered.
_INSPECT_JS = """() => {
  const article = document.querySelector('article.bd-article') || document.body;
  const prose = article.cloneNode(true);
  prose.querySelectorAll('pre, code, script, style, textarea, kbd, samp, mjx-container')
       .forEach(e => e.remove());
  const visible = e => e.getClientRects().length > 0 && getComputedStyle(e).visibility !== 'hidden';
  return {
    text: prose.textContent,
    title: document.title,
    mjx: document.querySelectorAll('mjx-container').length,
    mathElements: document.querySelectorAll('span.math, div.math').length,
    brokenImages: Array.from(document.images)
        .filter(i => !(i.complete && i.naturalWidth > 0)).map(i => i.getAttribute('src')),
    widgets: document.querySelectorAll('.jupyter-widgets').length,
    resources: [location.href.split('#')[0]].concat(
        performance.getEntriesByType('resource').map(e => e.name)),
    slidersVisible: Array.from(document.querySelectorAll('.widget-slider')).filter(visible).length,
  };
}"""


def is_local(url: str) -> bool:
    parts = urllib.parse.urlsplit(url)
    if parts.scheme in ("data", "blob", "about", "chrome-extension"):
        return True
    return parts.hostname in LOCAL_HOSTS


@dataclass
class PageReport:
    relpath: str
    console_errors: list[str] = field(default_factory=list)
    external_requests: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)
    title: str = ""
    mathjax_containers: int = 0
    math_elements: int = 0
    raw_math: list[str] = field(default_factory=list)
    broken_images: list[str] = field(default_factory=list)
    widgets: int = 0
    sliders_visible: int = 0
    bytes_sent: int = 0  # the page and every resource it used, as transferred (gzip for text)
    bytes_raw: int = 0  # the same before compression

    def save(self, folder: os.PathLike, problems: list[str]) -> Path:
        """Write this report and its problems as JSON (CI keeps the folder when a run fails)."""
        out = Path(folder) / (self.relpath.replace("/", "__") + ".json")
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps({"problems": problems, **dataclasses.asdict(self)}, indent=1),
                       encoding="utf-8")
        return out

    def problems(self) -> list[str]:
        """Everything that should fail any page."""
        out = [f"console error: {m}" for m in self.console_errors]
        out += [f"request to another host: {u}" for u in self.external_requests]
        out += [f"failed request: {u}" for u in self.failed_requests]
        out += [f"raw math on the page: {s!r}" for s in self.raw_math]
        out += [f"image did not load: {s}" for s in self.broken_images]
        if not self.title.strip():
            out.append("empty document title")
        if self.math_elements and self.mathjax_containers < self.math_elements:
            out.append(f"MathJax rendered {self.mathjax_containers} of {self.math_elements} math elements")
        return out


class Browser:
    """One headless Chromium for the whole run, with a fresh profile; a context that lets no request
    leave localhost (each is recorded and aborted)."""

    def __init__(self):
        from playwright.sync_api import sync_playwright

        if not Path(CHROMIUM).exists():
            raise RuntimeError(f"Chromium is needed at {CHROMIUM} (Debian: apt-get install chromium)")
        self._profile = tempfile.TemporaryDirectory(prefix="dlcourse-chromium-")
        self._pw = sync_playwright().start()
        self.context = self._pw.chromium.launch_persistent_context(
            self._profile.name,
            executable_path=CHROMIUM,
            args=CHROMIUM_ARGS,
            headless=True,
            viewport=VIEWPORT,
            service_workers="block",
        )
        self.context.set_default_timeout(60_000)  # generous: CI machines are small and shared
        self.external: list[str] = []
        self.context.route(lambda url: not is_local(url), self._block)

    def _block(self, route):
        self.external.append(route.request.url)
        route.abort()

    def close(self):
        self.context.close()
        self._pw.stop()
        self._profile.cleanup()

    def new_page(self):
        return self.context.new_page()


def check_page(browser: Browser, server: BookServer, relpath: str, expect_widgets: bool = False) -> PageReport:
    """Open ``relpath`` on ``server`` in a new tab, let it settle, and report what a reader would meet."""
    report = PageReport(relpath)
    page = browser.new_page()
    browser.external.clear()
    page.on("console", lambda m: m.type == "error" and report.console_errors.append(
        f"{m.text} ({m.location.get('url', '')})"))
    page.on("pageerror", lambda e: report.console_errors.append(f"uncaught {e}"))
    page.on("requestfailed", lambda r: is_local(r.url) and report.failed_requests.append(
        f"{r.url} ({r.failure})"))
    page.on("response", lambda r: r.status >= 400 and report.failed_requests.append(
        f"{r.url} (HTTP {r.status})"))
    try:
        page.goto(server.url(relpath), wait_until="load")
        page.evaluate(_SETTLE_JS)
        if expect_widgets:
            try:
                page.wait_for_selector(".jupyter-widgets", timeout=20_000)
            except PlaywrightTimeout:  # reported by the caller as widgets == 0
                pass
        try:  # late requests (fonts, widget code) count towards the page weight; best effort only,
            page.wait_for_load_state("networkidle", timeout=10_000)  # the checks above already waited
        except PlaywrightTimeout:
            pass
        seen = page.evaluate(_INSPECT_JS)
    finally:
        page.close()
    report.title = seen["title"]
    report.mathjax_containers = seen["mjx"]
    report.math_elements = seen["mathElements"]
    report.raw_math = raw_math(seen["text"])
    report.broken_images = seen["brokenImages"]
    report.widgets = seen["widgets"]
    report.sliders_visible = seen["slidersVisible"]
    report.external_requests = list(dict.fromkeys(browser.external))
    local = [u for u in seen["resources"] if urllib.parse.urlsplit(u).hostname in LOCAL_HOSTS]
    report.bytes_sent, report.bytes_raw, unknown = server.weight(local)
    report.failed_requests += [f"{u} (used by the page but never served)" for u in unknown]
    return report


def screenshot(browser: Browser, server: BookServer, relpath: str, out: os.PathLike) -> Path:
    """Save the first screen (the viewport) of a page as a PNG."""
    page = browser.new_page()
    try:
        page.goto(server.url(relpath), wait_until="load")
        page.evaluate(_SETTLE_JS)
        out = Path(out)
        out.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(out))
    finally:
        page.close()
    return out
