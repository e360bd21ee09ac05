"""List the numbers typed by hand in the book's prose.

Every number a page states should come from a cell (a ``{glue:text}`` role or printed output), so that it
cannot drift from what the code computes. This scanner reads the markdown of every page (notebook markdown
cells and ``.md`` files), removes what is not prose, and reports each number that is left and that no rule
or allowlist accounts for. ``tests/unit/test_prose_numbers.py`` fails on any such number.

Not prose, removed first: math (``$...$``, ``$$...$$``, ``{math}`` roles and math directives), code
(inline and fenced), MyST roles (``{glue:text}``, ``{cite}``, ``{ref}``, ``{doc}``, ...), link targets,
HTML tags, labels ``(name)=``, directive options (``:filter: ...``) and bibliography blocks.

Numbers accounted for by rule:

* dates: a four-digit year from 1900 to 2099 (``1998``, ``2016``), and decades (``1980s``);
* references to parts of the book or of a text: a number right after *chapter, section, page, part,
  equation, eq., figure, cell, step, question, exercise, note, row, column, layer, line* (``chapter 4``,
  ``equation (3)``), a source-note number (``source note 002``) and a bare equation number ``(3)``;
* names: digits glued to letters before them (``ch4``, ``int8``, ``float32``, ``L2``, ``x1``, ``q3``);
* list markers at the start of a line (``1.``) and numbers inside Chinese text of the glossary entries.

Everything else needs a reason in the chapter's allowlist, ``numbers.yml`` in the page's folder::

    # Numbers typed in this folder's prose, each with why no cell computes it.
    "*":                       # any page in the folder
      "28×28": the size of an MNIST image, fixed by the data set
    01_neurons_and_layers.ipynb:
      "10-5-1": the name of the source note's network (layer widths)

A key is the number exactly as the scanner reports it. Run ``python tools/prose_numbers.py [PATH ...]`` to
list what a page still types by hand.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]

# The pages of the book whose prose is checked.
PAGE_GLOBS = ("intro.md", "chapters/*/*.md", "chapters/*/[0-9]*.ipynb", "reference/*.md",
              "exercises/index.md")

_FENCE = re.compile(r"^(```|~~~|::::*)(\{?[\w:-]*\}?)?(.*)$")
_MATH_DIRECTIVES = {"{math}", "{code-cell}", "{code}", "{code-block}", "{bibliography}", "{glue:figure}",
                    "{glue:math}", "{list-table}"}
_STRIP = [
    re.compile(r"\$\$.*?\$\$", re.S),                      # display math
    re.compile(r"(?<![\\$])\$(?!\s)(?:(?!\n\n)[^$])+?(?<!\s)\$"),   # inline math, may wrap a line
    re.compile(r"\{[\w:-]+\}`[^`]*`"),                     # roles: {glue:text}`x`, {cite:t}`k`, {ref}`a <b>`
    re.compile(r"``.+?``"),                                # inline code, double ticks
    re.compile(r"`[^`\n]*`"),                              # inline code
    re.compile(r"\]\([^)]*\)"),                            # link targets
    re.compile(r"<[^>\n]+>"),                              # HTML tags and autolinks
    re.compile(r"https?://\S+"),                           # bare URLs
    re.compile(r"^\([\w:-]+\)=\s*$", re.M),                # labels
    re.compile(r"^:[\w-]+:.*$", re.M),                     # directive options
    re.compile(r"^\s*(?:\d+\.|[-*+])\s", re.M),            # list markers
    re.compile(r"[\u3000-\u9fff\uff00-\uffef]+"),          # Chinese text (glossary entries)
]
_NUMBER = re.compile(r"(?<![\w.])[+−-]?\d[\d,]*(?:\.\d+)?(?:[eE][+−-]?\d+)?"
                     r"(?:\s?%|(?:[-–×x/]\d[\d,]*(?:\.\d+)?)+)?")
_REFERENCE_WORDS = re.compile(
    r"(?:chapters?|sections?|pages?|parts?|equations?|eqs?\.|figures?|fig\.|cells?|steps?|questions?|"
    r"exercises?|notes?|rows?|columns?|layers?|lines?|stage|version|python|item)\s*\(?$", re.I)


def prose(text: str) -> str:
    """The prose of a markdown text: math, code, roles, links and directive bodies that are not prose removed."""
    lines, out, skip = text.splitlines(), [], []
    for line in lines:
        m = _FENCE.match(line.strip())
        if m:
            fence, name = m.group(1), (m.group(2) or "")
            if skip and fence.startswith(skip[-1][0]) and not name:
                skip.pop()
                continue
            if name and not name.startswith("{"):            # ```python: a code block
                skip.append((fence, True))
                continue
            if name in _MATH_DIRECTIVES or (fence[0] in "`~" and not name):
                skip.append((fence, True))
                continue
            if name:                                          # {note}, {admonition}...: prose inside
                skip.append((fence, False))
                continue
        if skip and skip[-1][1]:
            continue
        out.append(line)
    text = "\n".join(out)
    for pattern in _STRIP:
        text = pattern.sub(" ", text)
    return text


def numbers(text: str) -> list[str]:
    """The numbers in ``text`` that no rule accounts for (see the module docstring), in order."""
    text = prose(text)
    found = []
    for m in _NUMBER.finditer(text):
        token = m.group(0).strip().rstrip(",")                # "0–4, then": the comma is punctuation
        before, after = text[:m.start()], text[m.end():]
        bare = token.replace(",", "")
        if re.fullmatch(r"(19|20)\d\d", bare) and not re.match(r"\d", after):
            continue                                          # a year
        if re.fullmatch(r"(19|20)\d0", bare) and after.startswith("s"):
            continue                                          # a decade: 1980s
        if re.fullmatch(r"(19|20)\d\d[-–](19|20)?\d\d", bare):
            continue                                          # a span of years: 2012–2015
        if _REFERENCE_WORDS.search(before[-20:]) and re.fullmatch(r"\d+[-–,]?\d*", bare):
            continue                                          # chapter 4, cells 16–18
        if re.search(r"source note\s*$", before[-14:], re.I):
            continue
        if re.fullmatch(r"\d{1,2}", bare) and before.endswith("(") and after.startswith(")"):
            continue                                          # an equation number: (3)
        if re.match(r"(st|nd|rd|th)\b", after):
            continue                                          # 1st, 2nd: ordinals name, they do not measure
        found.append(token)
    return found


def page_texts(path: Path) -> str:
    """The markdown of a page: a notebook's markdown cells, joined, or a markdown file."""
    if path.suffix == ".ipynb":
        nb = json.loads(path.read_text(encoding="utf-8"))
        return "\n\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown")
    text = path.read_text(encoding="utf-8")
    if text.startswith("---\n"):                              # front matter
        text = text.split("\n---\n", 1)[-1]
    return text


def allowlist(path: Path) -> dict[str, str]:
    """The numbers ``path`` may type by hand, with their reasons, from ``numbers.yml`` beside it."""
    file = path.parent / "numbers.yml"
    if not file.exists():
        return {}
    data = yaml.safe_load(file.read_text(encoding="utf-8")) or {}
    allowed = {}
    for key in ("*", path.name):
        for number, reason in (data.get(key) or {}).items():
            if not str(reason or "").strip():
                raise ValueError(f"{file}: {number!r} under {key!r} has no reason; say why no cell computes it")
            allowed[str(number)] = str(reason)
    return allowed


def pages() -> list[Path]:
    return sorted({p for pattern in PAGE_GLOBS for p in ROOT.glob(pattern)})


def unexplained(path: Path) -> list[str]:
    """The numbers typed on ``path`` that neither a rule nor its allowlist accounts for."""
    allowed = allowlist(path)
    return [n for n in numbers(page_texts(path)) if n not in allowed]


def main(argv: list[str]) -> int:
    paths = [Path(a).resolve() for a in argv] or pages()
    total = 0
    for path in paths:
        bad = unexplained(path)
        total += len(bad)
        if bad:
            print(f"{path.relative_to(ROOT)}: {len(bad)}: " + ", ".join(bad))
    print(f"{total} typed numbers without a cell or a reason", file=sys.stderr)
    return 1 if total else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
