"""The book in English and in Chinese from one set of sources, with Sphinx's gettext tools.

English is the source language. Every translatable string of the book (the notebooks' markdown cells,
headings, tables, admonitions, glossary entries, figure captions and alt text) is extracted by Sphinx's
``gettext`` builder into templates (``.pot``), one per page; the translations live in per-page catalogs,
``locales/<lang>/LC_MESSAGES/<page>.po``, committed with the sources. A second build of the same sources
with ``language: zh_CN`` renders the translated prose around byte-identical code and outputs, taken from the
same execution cache: every notebook is executed once for both editions.

Jupyter Book passes a few strings around gettext: the book's title, the captions of the table of contents'
parts and the footer. They live in one more catalog, ``_book.po``, and this tool writes each edition's
``_config.yml`` and ``_toc.yml`` from them (``_build/editions/<lang>/``).

Commands (``python tools/i18n.py --help``):

* ``editions --cache DIR``: write both editions' configuration, sharing the execution cache DIR.
* ``extract --cache DIR``: run the gettext builder (from the cache, so alt text of figures is extracted
  too) into ``_build/gettext``, plus ``_book.pot``.
* ``update``: merge the templates into the catalogs (new strings empty, changed ones fuzzy with the
  previous English kept as ``#| msgid``, the way ``msgmerge --previous`` shows a translator what changed).
* ``check``: fail on any string of the templates that a catalog lacks, leaves untranslated or marks fuzzy,
  and on translations that change what must not change (glued values, math, code, numbers).
* ``site OUT``: put the built editions side by side in OUT (``OUT/en``, ``OUT/zh_CN``, and a root page
  that goes to English), with the Chinese edition's downloadable notebooks in Chinese.
* ``stats``: how many strings and words each catalog holds.
"""
from __future__ import annotations

import argparse
import contextlib
import copy
import fcntl
import functools
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import yaml
from babel.messages import pofile
from babel.messages.catalog import Catalog

from dlcourse.phrases import phrase_name

ROOT = Path(__file__).resolve().parents[1]
LOCALES = ROOT / "locales"
SOURCE = "en"
LANGUAGES = {"en": "English", "zh_CN": "中文"}      # each edition's name in its own language
TRANSLATIONS = [lang for lang in LANGUAGES if lang != SOURCE]
BOOK_DOMAIN = "_book"                               # title, part captions, footer
GETTEXT = ROOT / "_build" / "gettext"
EDITIONS = ROOT / "_build" / "editions"


# ---------------------------------------------------------------------------------------------- catalogs
@contextlib.contextmanager
def locked():
    """One writer of the catalogs at a time (several translators may import while the templates merge)."""
    LOCALES.mkdir(exist_ok=True)
    with open(LOCALES / ".lock", "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def read_catalog(path: Path, locale: str | None = None) -> Catalog:
    with open(path, "rb") as f:
        return pofile.read_po(f, locale=locale)


def write_catalog(path: Path, catalog: Catalog) -> None:
    """Write atomically, unwrapped (one line per string keeps diffs small), with previous msgids."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(path.suffix + ".tmp")
    with open(tmp, "wb") as f:
        pofile.write_po(f, catalog, width=0, include_previous=True, sort_output=False, omit_header=False)
    os.replace(tmp, path)


def catalog_path(lang: str, domain: str) -> Path:
    return LOCALES / lang / "LC_MESSAGES" / f"{domain}.po"


def translator(lang: str, domain: str):
    """``_(text)`` for one catalog: the translation, or the text itself where there is none."""
    path = catalog_path(lang, domain)
    table = {}
    if path.exists():
        for message in read_catalog(path):
            if message.id and message.string and not message.fuzzy:
                table[message.id] = message.string
    return lambda text: table.get(text, text)


# ----------------------------------------------------------------------------------- edition configuration
# Shown on every page of a translated edition: Binder and Colab open the notebooks of the repository, which
# are in English; the download button gives the page's notebook with its text in the edition's language.
# myst-nb's labels of the button that shows a hidden cell's code (its defaults; the English edition keeps them).
CODE_PROMPTS = {"nb_code_prompt_show": "Show code cell {type}", "nb_code_prompt_hide": "Hide code cell {type}"}
LAUNCH_NOTE = ("The Binder and Colab buttons open this page's notebook in English; "
               "the download button gives it with the text in this edition's language.")


def book_strings() -> list[str]:
    """The strings Jupyter Book shows that gettext does not see, in order."""
    config = yaml.safe_load((ROOT / "_config.yml").read_text())
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    strings = [config["title"], config["author"], config["html"]["extra_footer"], LAUNCH_NOTE, *CODE_PROMPTS.values()]
    strings += [part["caption"] for part in toc.get("parts", []) if part.get("caption")]
    return strings


def edition(lang: str, cache: Path, execute: bool = True) -> Path:
    """Write ``_build/editions/<lang>/{_config,_toc}.yml``; return the folder. With ``execute=False`` the
    build executes nothing (a notebook the cache lacks is shown without outputs)."""
    config = yaml.safe_load((ROOT / "_config.yml").read_text())
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    _ = translator(lang, BOOK_DOMAIN)               # the identity for English, which has no catalogs
    config = copy.deepcopy(config)
    config["title"] = _(config["title"])
    config["author"] = _(config["author"])
    config["html"]["extra_footer"] = _(config["html"]["extra_footer"])
    config.setdefault("execute", {})["cache"] = str(Path(cache).resolve())
    if not execute:
        config["execute"]["execute_notebooks"] = "off"
    sphinx = config.setdefault("sphinx", {}).setdefault("config", {})
    sphinx["language"] = lang
    context = sphinx.setdefault("html_context", {})
    context["dlcourse_language"] = lang
    context["dlcourse_languages"] = [{"code": code, "name": name} for code, name in LANGUAGES.items()]
    for part in toc.get("parts", []):
        if part.get("caption"):
            part["caption"] = _(part["caption"])
    folder = EDITIONS / lang
    folder.mkdir(parents=True, exist_ok=True)
    if lang != SOURCE:
        sphinx["locale_dirs"] = [str(build_catalogs(lang, folder / "locales"))]
        sphinx.setdefault("html_theme_options", {})["announcement"] = _(LAUNCH_NOTE)
        sphinx.update({option: _(text) for option, text in CODE_PROMPTS.items()})
    (folder / "_config.yml").write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False))
    (folder / "_toc.yml").write_text(yaml.safe_dump(toc, allow_unicode=True, sort_keys=False))
    return folder


GLUE_ROLE = re.compile(r"\{glue:text\}`([^`]+)`")


def page_glue(text: str, notebook: str) -> str:
    """Same-page glue roles written as cross-page ones to the page itself.

    myst-nb resolves a same-page ``{glue:text}`name``` while it parses the notebook, before Sphinx swaps in
    the translation; in a translated string it would render empty. The cross-page form
    ``{glue:text}`page.ipynb::name:fmt``` is resolved later and works in both (the format, possibly empty,
    must be given, or the name is read as one)."""
    def qualify(match):
        target = match.group(1)
        if "::" in target:                          # already taken from a page
            return match.group(0)
        name, _, fmt = target.partition(":")
        return f"{{glue:text}}`{notebook}::{name}:{fmt}`"
    return GLUE_ROLE.sub(qualify, text)


GLUE_PHRASE = re.compile(r"glue_phrase\(\s*[\"'](\w+)[\"']")


@functools.lru_cache(maxsize=None)
def phrases(notebook: Path) -> set[str]:
    """The names a notebook glues with ``dlcourse.phrases.glue_phrase`` (one value per language)."""
    if not notebook.exists():
        return set()
    cells = json.loads(notebook.read_text())["cells"]
    return {name for cell in cells if cell["cell_type"] == "code" for name in GLUE_PHRASE.findall("".join(cell["source"]))}


def phrase_glue(text: str, domain: Path, lang: str) -> str:
    """Glue roles of phrases (``glue_phrase``) pointed at the phrase in ``lang``: ``name`` -> ``name__lang``."""
    def swap(match):
        target = match.group(1)
        page, sep, rest = target.rpartition("::")
        notebook = (ROOT / domain.parent / page) if sep else (ROOT / domain).with_suffix(".ipynb")
        name, colon, fmt = rest.partition(":")
        if name in phrases(notebook.resolve()):
            name = phrase_name(name, lang)
        return f"{{glue:text}}`{page}{sep}{name}{colon}{fmt}`"
    return GLUE_ROLE.sub(swap, text)


def build_catalogs(lang: str, out: Path) -> Path:
    """The catalogs Sphinx reads for ``lang``: the committed ones with same-page glue made explicit and
    glued phrases pointed at their ``lang`` version."""
    source = LOCALES / lang / "LC_MESSAGES"
    target = Path(out) / lang / "LC_MESSAGES"
    if target.exists():
        shutil.rmtree(target)
    for path in sorted(source.rglob("*.po")):
        domain = path.relative_to(source).with_suffix("")
        catalog = read_catalog(path, locale=lang)
        notebook = (ROOT / domain).with_suffix(".ipynb").exists()
        for message in catalog:
            if message.id and message.string:
                text = page_glue(message.string, domain.name + ".ipynb") if notebook else message.string
                message.string = phrase_glue(text, domain, lang)
        write_catalog(target / path.relative_to(source), catalog)
    return Path(out).resolve()


# -------------------------------------------------------------------------------------------- extraction
def extract(cache: Path, execute: bool = True) -> None:
    """Templates for every page (Sphinx's gettext builder) and for the book's own strings.

    From the execution cache: a figure's alt text reaches the gettext builder only with the figure. With
    ``execute=False`` nothing is executed and the figures' alt text is left out (a quick look only)."""
    folder = edition(SOURCE, cache, execute)
    if GETTEXT.exists():
        shutil.rmtree(GETTEXT)
    out = ROOT / "_build" / "i18n-extract"
    subprocess.run([str(Path(sys.executable).parent / "jupyter-book"), "build", str(ROOT), "--config", str(folder / "_config.yml"),
                    "--toc", str(folder / "_toc.yml"), "--path-output", str(out), "--builder", "custom",
                    "--custom-builder", "gettext", "--all"] + (["-W", "-n", "--keep-going"] if execute else []),
                   check=True)
    shutil.copytree(out / "_build" / "gettext", GETTEXT)
    book = Catalog(project="dlcourse")
    for text in book_strings():
        book.add(text, locations=[("_config.yml/_toc.yml", 0)])
    with open(GETTEXT / f"{BOOK_DOMAIN}.pot", "wb") as f:
        pofile.write_po(f, book, width=0)
    print(f"templates in {GETTEXT.relative_to(ROOT)}: {len(templates())} catalogs")


def templates() -> dict[str, Path]:
    """Domain (page path without suffix) -> its template."""
    return {str(p.relative_to(GETTEXT).with_suffix("")): p for p in sorted(GETTEXT.rglob("*.pot"))}


def update() -> None:
    """Merge the templates into every translation's catalogs; drop catalogs of pages that are gone."""
    with locked():
        _update()


def _update() -> None:
    found = templates()
    if not found:
        sys.exit("no templates: run `python tools/i18n.py extract` first (make translations does both)")
    for lang in TRANSLATIONS:
        for domain, pot in found.items():
            path = catalog_path(lang, domain)
            template = read_catalog(pot)
            catalog = read_catalog(path, locale=lang) if path.exists() else Catalog(locale=lang, project="dlcourse")
            catalog.update(template, no_fuzzy_matching=False, update_header_comment=False)
            catalog.obsolete.clear()
            for message in catalog:
                if message.id and not message.string and not translatable(message.id):
                    message.string = message.id      # display math, a bare number or code: the same in every language
            write_catalog(path, catalog)
        for path in sorted((LOCALES / lang / "LC_MESSAGES").rglob("*.po")):
            domain = str(path.relative_to(LOCALES / lang / "LC_MESSAGES").with_suffix(""))
            if domain not in found:
                path.unlink()
                print(f"removed {path.relative_to(ROOT)} (no such page any more)")
    print(f"catalogs updated for {', '.join(TRANSLATIONS)}: {len(found)} each")


# ------------------------------------------------------------------------------------------------ checks
GLUE = re.compile(r"\{glue(?::\w+)?\}`([^`]+)`")
MATH = re.compile(r"\$\$.+?\$\$|\$[^$\n]+\$", re.S)
CODE = re.compile(r"``[^`]+``|`[^`]+`")
ROLE = re.compile(r"\{[\w:-]+\}`[^`]*`")
NUMBER = re.compile(r"(?<![\w.])\d[\d,]*(?:\.\d+)?")


def translatable(text: str) -> bool:
    """False for a string with nothing to translate: display math (a string that starts with a newline or a
    space is the body of a math block), or only math, code, numbers and glued values."""
    if text[:1].isspace():                          # a math block's body (Sphinx strips every paragraph)
        return False
    rest = CODE.sub(" ", MATH.sub(" ", GLUE.sub(" ", text)))
    return re.search(r"[A-Za-z]{2,}", rest) is not None


def glue_keys(text: str) -> list[str]:
    """The glue roles' targets in a string (``name:fmt`` or ``page.ipynb::name:fmt``), in order of name."""
    return sorted(GLUE.findall(text))


def literal_parts(text: str) -> list[str]:
    """Math and inline code, which a translation keeps as it is."""
    text = ROLE.sub(" ", text)
    parts = MATH.findall(text)
    parts += CODE.findall(MATH.sub(" ", text))
    return sorted(parts)


def numbers(text: str) -> set[str]:
    text = CODE.sub(" ", MATH.sub(" ", ROLE.sub(" ", text)))
    return {n.replace(",", "") for n in NUMBER.findall(text)}


def problems(lang: str, only: list[str] | None = None) -> list[str]:
    """Everything that keeps the ``lang`` edition from being complete and faithful."""
    found = templates()
    if only is not None:
        found = {d: p for d, p in found.items() if d in only}
    if not found:
        return ["no templates: run `python tools/i18n.py extract --cache ...` first"]
    out = []
    for domain, pot in found.items():
        path = catalog_path(lang, domain)
        rel = path.relative_to(ROOT)
        if not path.exists():
            out.append(f"{rel}: missing (run `make translations`, then translate it)")
            continue
        catalog = {m.id: m for m in read_catalog(path) if m.id}
        for message in read_catalog(pot):
            if not message.id:
                continue
            entry = catalog.get(message.id)
            short = message.id if len(message.id) < 70 else message.id[:67] + "..."
            if entry is None:
                out.append(f"{rel}: not in the catalog (run `make translations`): {short!r}")
            elif not entry.string:
                out.append(f"{rel}: untranslated: {short!r}")
            elif entry.fuzzy:
                out.append(f"{rel}: fuzzy (the English changed; check the translation, then drop the flag): {short!r}")
            else:
                for what, a, b in [("glued values", glue_keys(message.id), glue_keys(entry.string)),
                                   ("math and code", literal_parts(message.id), literal_parts(entry.string))]:
                    if a != b:
                        out.append(f"{rel}: the translation changes the {what}: {short!r}: {a} -> {b}")
                typed = numbers(entry.string) - numbers(message.id)
                if typed:
                    out.append(f"{rel}: the translation has numbers the English has not ({sorted(typed)}): {short!r}")
    return out


def check() -> int:
    bad = [p for lang in TRANSLATIONS for p in problems(lang)]
    for line in bad[:200]:
        print(line)
    if len(bad) > 200:
        print(f"... and {len(bad) - 200} more")
    if bad:
        print(f"{len(bad)} problems in the translations", file=sys.stderr)
        return 1
    print(f"translations complete: {', '.join(TRANSLATIONS)} ({sum(stats(lang)[0] for lang in TRANSLATIONS)} strings)")
    return 0


def stats(lang: str) -> tuple[int, int, int]:
    """(strings, English words, translated strings) over every catalog of ``lang``."""
    strings = words = done = 0
    for path in sorted((LOCALES / lang / "LC_MESSAGES").rglob("*.po")):
        for message in read_catalog(path):
            if message.id:
                strings += 1
                words += len(re.findall(r"[A-Za-z]+", message.id))
                done += bool(message.string) and not message.fuzzy
    return strings, words, done


# ---------------------------------------------------------------------------------------- translating
# A work file holds one page's strings as plain text, so that LaTeX and quotes need no escaping:
#
#     #domain chapters/ch1_what_is_deep_learning/01_neurons_and_layers
#     @@ 3f9a0c21
#     The English string, as many lines as it has.
#
# `export` writes the strings still to translate (or all of them); the translator replaces each string's
# text by its translation (or by a single `=` where the Chinese is the same: a name, a bare link) and
# `import` puts them into the catalog, checked.
BLOCK = re.compile(r"^@@ ([0-9a-f]{10})$", re.M)


def key(text: str) -> str:
    import hashlib
    return hashlib.sha1(text.encode()).hexdigest()[:10]


def export(lang: str, domains: list[str], out: Path, everything: bool = False) -> list[Path]:
    written = []
    for domain in domains:
        path = catalog_path(lang, domain)
        if not path.exists():
            sys.exit(f"no catalog {path.relative_to(ROOT)}: run `make translations` first")
        lines = [f"#domain {domain}"]
        count = 0
        for message in read_catalog(path):
            if message.id and (everything or not message.string or message.fuzzy):
                text = message.string if (everything and message.string) else message.id
                lines += [f"@@ {key(message.id)}", text]
                count += 1
        target = Path(out) / lang / f"{domain}.txt"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text("\n".join(lines) + "\n")
        written.append(target)
        print(f"{target}: {count} strings")
    return written


def import_file(lang: str, work: Path) -> list[str]:
    """Put a work file's translations into its catalog; return the catalog's problems for that page."""
    text = Path(work).read_text()
    first, _, body = text.partition("\n")
    if not first.startswith("#domain "):
        sys.exit(f"{work}: the first line must be '#domain <page>' (as `export` writes it)")
    domain = first.split(None, 1)[1].strip()
    with locked():
        done = _import(lang, domain, body, work)
    print(f"{catalog_path(lang, domain).relative_to(ROOT)}: {done} translations imported")
    return problems(lang, only=[domain])


def _import(lang: str, domain: str, body: str, work: Path) -> int:
    path = catalog_path(lang, domain)
    catalog = read_catalog(path, locale=lang)
    by_key = {key(m.id): m for m in catalog if m.id}
    parts = BLOCK.split(body)
    if parts[0].strip():
        sys.exit(f"{work}: text before the first '@@' line")
    done = 0
    for k, translation in zip(parts[1::2], parts[2::2]):
        message = by_key.get(k)
        if message is None:
            sys.exit(f"{work}: no string with key {k} in {path.relative_to(ROOT)} (the English changed? export again)")
        translation = translation.strip("\n")
        same = translation.strip() == "="            # "the same in Chinese": a name, a bare link
        if same:
            translation = message.id
        if translation and (same or translation != message.id):
            message.string = translation
            message.flags.discard("fuzzy")
            message.previous_id = []
            done += 1
    write_catalog(path, catalog)
    return done


# -------------------------------------------------------------------------------------------------- site
ROOT_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{title}</title>
<meta http-equiv="refresh" content="0; url=en/index.html">
<link rel="alternate" hreflang="en" href="en/index.html">
<link rel="alternate" hreflang="zh-CN" href="zh_CN/index.html">
</head>
<body>
<p><a href="en/index.html">{title} (English)</a></p>
<p lang="zh-CN"><a href="zh_CN/index.html">{title_zh}（中文）</a></p>
</body>
</html>
"""


def site(out: Path, builds: dict[str, Path]) -> None:
    """Assemble the built editions (``builds``: language -> html folder) under ``out``."""
    out = Path(out)
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    for lang, html in builds.items():
        if not (Path(html) / "index.html").exists():
            sys.exit(f"no built {lang} edition at {html}: build it first (make book)")
        try:                                        # hard links: the site costs no second copy on disk
            shutil.copytree(html, out / lang, copy_function=os.link)
        except OSError:
            shutil.rmtree(out / lang, ignore_errors=True)
            shutil.copytree(html, out / lang)
    for lang in builds:
        if lang != SOURCE:
            translate_notebooks(out / lang, lang)
    title = yaml.safe_load((ROOT / "_config.yml").read_text())["title"]
    (out / "index.html").write_text(ROOT_PAGE.format(title=title, title_zh=translator("zh_CN", BOOK_DOMAIN)(title)))
    print(f"the book: {out / 'index.html'} ({', '.join(builds)})")


def translate_notebooks(html: Path, lang: str) -> None:
    """The edition's downloadable notebooks (``_sources/*.ipynb``) with their markdown in ``lang``."""
    for path in sorted((html / "_sources").rglob("*.ipynb")):
        domain = str(path.relative_to(html / "_sources").with_suffix(""))
        _ = translator(lang, domain)
        notebook = json.loads(path.read_text())
        for cell in notebook["cells"]:
            if cell["cell_type"] == "markdown":
                cell["source"] = translate_markdown("".join(cell["source"]), _)
        path.unlink()                               # a hard link to the English file: never write through it
        path.write_text(json.dumps(notebook, ensure_ascii=False, indent=1) + "\n")


FENCE = re.compile(r"^\s*(```+|:::+)")
HEADING = re.compile(r"^(#{1,6}\s+)(.*)$")
ITEM = re.compile(r"^(\s*(?:[-*+]|\d+\.)\s+)(.*)$")
OPTION = re.compile(r"^\s*:[\w-]+:")


def translate_markdown(text: str, _) -> str:
    """A markdown cell with its prose translated, block by block, the way the catalogs hold it: headings,
    paragraphs and list items (their lines joined by spaces, as Sphinx extracts them), table cells,
    directive titles. What is not found (math, code, labels) stays as it is."""
    out = []
    for block in re.split(r"(\n[ \t]*\n)", text):
        if not block.strip() or block.startswith("\n"):
            out.append(block)
            continue
        out.append(_translate_block(block.split("\n"), _))
    return "".join(out)


def _translate_block(lines: list[str], _) -> str:
    head, tail = [], []
    while lines and (FENCE.match(lines[0]) or OPTION.match(lines[0]) or re.match(r"^\(.+\)=\s*$", lines[0])):
        fence = FENCE.match(lines[0])
        line = lines.pop(0)
        if fence:                                   # ```{note} or :::{admonition} Title
            m = re.match(r"^(\s*(?:```+|:::+)\{[\w:-]+\}\s*)(.+)$", line)
            if m:
                line = m.group(1) + _(m.group(2).strip())
        head.append(line)
    while lines and FENCE.match(lines[-1]):
        tail.insert(0, lines.pop())
    body = []
    if lines and all(line.lstrip().startswith("|") for line in lines):          # a table: cell by cell
        for line in lines:
            cells = line.split("|")
            body.append("|".join(f" {_(c.strip())} " if c.strip() and not set(c.strip()) <= set("-: ")
                                 else c for c in cells))
    elif lines and HEADING.match(lines[0]) and len(lines) == 1:
        m = HEADING.match(lines[0])
        body.append(m.group(1) + _(m.group(2).strip()))
    elif lines and ITEM.match(lines[0]):                                        # a list: item by item
        items: list[list[str]] = []
        for line in lines:
            m = ITEM.match(line)
            if m and (not items or len(m.group(1)) - len(m.group(1).lstrip()) <= 1):
                items.append([m.group(1), m.group(2)])
            elif items:
                items[-1].append(line.strip())
            else:
                body.append(line)
        for prefix, *rest in items:
            joined = " ".join(rest)
            translated = _(joined)
            body.append(prefix + translated if translated != joined else prefix + "\n".join(rest))
    elif lines:
        joined = " ".join(line.strip() for line in lines)
        translated = _(joined)
        body = [translated] if translated != joined else lines
    return "\n".join(head + body + tail)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    for name in ("editions", "extract"):
        p = sub.add_parser(name)
        p.add_argument("--cache", type=Path, default=ROOT / "_build" / ".jupyter_cache",
                       help="the execution cache both editions share")
        if name == "extract":
            p.add_argument("--no-execute", action="store_true", help="leave the figures' alt text out")
    p = sub.add_parser("site")
    p.add_argument("out", type=Path)
    for lang in LANGUAGES:
        p.add_argument(f"--{lang}", type=Path, required=True, help=f"the built {lang} edition (html folder)")
    p = sub.add_parser("export", help="write work files of strings to translate")
    p.add_argument("domains", nargs="+", help="pages, e.g. chapters/ch1_what_is_deep_learning/01_neurons_and_layers")
    p.add_argument("--out", type=Path, default=ROOT / "_build" / "i18n-work")
    p.add_argument("--all", action="store_true", help="every string, translated ones as translated")
    p.add_argument("--lang", default="zh_CN")
    p = sub.add_parser("import", help="put translated work files into the catalogs, checked")
    p.add_argument("files", nargs="+", type=Path)
    p.add_argument("--lang", default="zh_CN")
    sub.add_parser("update")
    sub.add_parser("check")
    sub.add_parser("stats")
    args = parser.parse_args(argv)
    if args.command == "editions":
        for lang in LANGUAGES:
            print(edition(lang, args.cache).relative_to(ROOT))
    elif args.command == "extract":
        extract(args.cache, not args.no_execute)
    elif args.command == "site":
        site(args.out, {lang: getattr(args, lang) for lang in LANGUAGES})
    elif args.command == "export":
        export(args.lang, args.domains, args.out, args.all)
    elif args.command == "import":
        bad = [p for f in args.files for p in import_file(args.lang, f)]
        for line in bad:
            print(line)
        return 1 if bad else 0
    elif args.command == "update":
        update()
    elif args.command == "check":
        return check()
    elif args.command == "stats":
        for lang in TRANSLATIONS:
            strings, words, done = stats(lang)
            print(f"{lang}: {strings} strings ({words} English words), {done} translated")
    return 0


if __name__ == "__main__":
    sys.exit(main())
