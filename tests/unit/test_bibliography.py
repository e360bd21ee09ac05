"""The bibliography: references.bib parses, every citation has an entry, and every page that cites ends with
its own list of references (a `{bibliography}` directive filtered to the page), never a hand-written one.

Pages cite with MyST roles, {cite:t}`key` (the authors in the sentence, the year in brackets),
{cite:p}`key1,key2` (authors and year in brackets) or {cite:alp}`key` (authors and year, no brackets, for use
inside parentheses), and end with

    ## References

    ```{bibliography}
    :filter: docname in docnames
    ```

reference/resources.md alone lists the whole bibliography (`:all:`); the citations of every other page still
link to the list on their own page (sphinxcontrib-bibtex resolves a citation to the bibliography of its own
document first).
"""
from __future__ import annotations

import json
import re
from pathlib import Path

import pybtex.database
import pytest

ROOT = Path(__file__).resolve().parents[2]
BIB = ROOT / "references.bib"

# The pages of the book: every markdown file and notebook the table of contents can pick up.
PAGE_GLOBS = ("intro.md", "chapters/*/*.md", "chapters/*/*.ipynb", "reference/*.md", "exercises/*.md",
              "exercises/*.ipynb")
PAGES = sorted({p for pattern in PAGE_GLOBS for p in ROOT.glob(pattern)})
IDS = [str(p.relative_to(ROOT)) for p in PAGES]
ALL_BIBLIOGRAPHY = {"reference/resources.md"}       # the one page that lists every entry (`:all:`)

INLINE = re.compile(r"\{[\w:-]+\}`[^`]*`|``.+?``|`[^`\n]*`")
CITE = re.compile(r"\{cite(?::[a-z]+)?\}`([^`]*)`")
KEY = re.compile(r"^[a-z]+[0-9]{4}[a-z0-9]+$")        # surname + year + first significant title word
# A bibliography directive, with backtick or colon fences, its options and its (empty) body.
DIRECTIVE = re.compile(r"^(?P<fence>`{3,}|:{3,})\{bibliography\}[^\n]*\n(?P<body>(?:(?!(?P=fence)).*\n)*?)"
                       r"(?P=fence)[ \t]*$", re.M)
FILTER = ":filter: docname in docnames"
REFERENCES_HEADING = re.compile(r"^#{1,6}\s+(References|Bibliography)\s*$",
                                re.M | re.I)
# An author-year citation typed by hand: "LeCun et al. (1998)", "(LeCun et al., 1998)".
TYPED_CITATION = re.compile(r"\b[A-Z][\w'-]+ et al\.,? \(?(1[89]|20)\d\d[a-z]?\b")


def markdown(path: Path) -> str:
    """The page's markdown: a notebook's markdown cells joined in order, or the file itself."""
    if path.suffix == ".ipynb":
        nb = json.loads(path.read_text(encoding="utf-8"))
        return "\n\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown")
    return path.read_text(encoding="utf-8")


def without_code(text: str) -> str:
    """``text`` without fenced code blocks and inline code, where a role is an example, not a citation."""
    text = re.sub(r"^(`{3,}|~{3,})(?!\{).*?^\1[ \t]*$", "", text, flags=re.M | re.S)
    # Left to right: a role is kept, inline code (``...`` or `...`) is dropped.
    return INLINE.sub(lambda m: m.group(0) if m.group(0).startswith("{") else " ", text)


def cited_keys(text: str) -> list[str]:
    keys = []
    for m in CITE.finditer(without_code(text)):
        keys += [k.strip() for k in m.group(1).split(",") if k.strip()]
    return keys


def last_text(path: Path) -> str:
    """What the page ends with: its last cell for a notebook (which must be markdown), else the file."""
    if path.suffix == ".ipynb":
        cells = [c for c in json.loads(path.read_text(encoding="utf-8"))["cells"] if "".join(c["source"]).strip()]
        return "".join(cells[-1]["source"]) if cells and cells[-1]["cell_type"] == "markdown" else ""
    return path.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def bib():
    return pybtex.database.parse_file(str(BIB))           # strict: a repeated key is an error


def test_references_bib_parses_and_its_keys_follow_the_convention(bib):
    assert len(bib.entries) >= 70
    bad = [k for k in bib.entries if not KEY.match(k)]
    assert not bad, f"keys not of the form surname + year + first title word, lower-case ASCII: {bad}"


def test_every_entry_has_author_title_and_year(bib):
    missing = []
    for key, entry in bib.entries.items():
        if not entry.persons.get("author"):
            missing.append(f"{key}: author")
        if not entry.fields.get("title", "").strip():
            missing.append(f"{key}: title")
        if not re.fullmatch(r"\d{4}", entry.fields.get("year", "").strip()):
            missing.append(f"{key}: year")
        if entry.fields.get("year", "").isdigit() and entry.fields["year"] not in key:
            missing.append(f"{key}: the year in the key is not the entry's year {entry.fields['year']}")
    assert not missing, missing


def test_no_entry_repeats_a_doi_or_a_url(bib):
    seen, repeated = {}, []
    for key, entry in bib.entries.items():
        for field in ("doi", "url"):
            value = entry.fields.get(field, "").strip().lower()
            if value and (field, value) in seen:
                repeated.append(f"{key} and {seen[field, value]}: same {field} {value}")
            seen[field, value] = key
    assert not repeated, repeated


def test_the_pages_are_found():
    assert "reference/faq.md" in IDS and "intro.md" in IDS
    assert len([i for i in IDS if i.endswith(".ipynb")]) >= 25


@pytest.mark.parametrize("path", PAGES, ids=IDS)
def test_every_cited_key_is_in_the_bibliography(path, bib):
    unknown = sorted({k for k in cited_keys(markdown(path)) if k not in bib.entries})
    assert not unknown, f"cited but not in references.bib: {unknown}"


@pytest.mark.parametrize("path", PAGES, ids=IDS)
def test_a_page_that_cites_ends_with_its_own_bibliography(path):
    text = markdown(path)
    name = str(path.relative_to(ROOT))
    directives = list(DIRECTIVE.finditer(text))
    if not cited_keys(text):
        assert not directives, "a bibliography on a page that cites nothing lists nothing: remove it"
        return
    assert directives, "the page cites but has no `{bibliography}` directive to list its references"
    assert len(directives) == 1, "one bibliography per page"
    body = directives[0].group("body")
    if name in ALL_BIBLIOGRAPHY:
        assert ":all:" in body
    else:
        assert FILTER in body and ":all:" not in body, f"the bibliography must list this page's works: {FILTER}"
    tail = last_text(path)
    m = list(DIRECTIVE.finditer(tail))
    assert m and not tail[m[-1].end():].strip(), "the `{bibliography}` directive must end the page"
    headings = re.findall(r"^#{1,6}\s.*$", text[:directives[0].start()], re.M)
    assert name in ALL_BIBLIOGRAPHY or (headings and REFERENCES_HEADING.match(headings[-1])), \
        "put the bibliography under a `## References` heading"


@pytest.mark.parametrize("path", PAGES, ids=IDS)
def test_no_hand_written_reference_list(path):
    text = markdown(path)
    problems = []
    for heading in REFERENCES_HEADING.finditer(text):
        nxt = re.search(r"^#{1,6}\s", text[heading.end():], re.M)
        section = text[heading.end(): heading.end() + nxt.start() if nxt else len(text)]
        rest = DIRECTIVE.sub("", section)
        if not DIRECTIVE.search(section):
            problems.append(f"'{heading.group(0).strip()}' without a `{{bibliography}}` directive")
        if re.search(r"^\s*(?:[-*+]|\d+\.)\s", rest, re.M):
            problems.append(f"'{heading.group(0).strip()}' has a typed list: cite with {{cite}} roles instead")
    typed = sorted({m.group(0) for m in TYPED_CITATION.finditer(without_code(text))})
    if typed:
        problems.append(f"author-year citations typed by hand (use {{cite:t}} or {{cite:p}}): {typed}")
    assert not problems, problems


@pytest.mark.parametrize("text, keys", [
    ("As {cite:t}`lecun1998gradient` showed {cite:p}`a2000b, c2001d`.", ["lecun1998gradient", "a2000b", "c2001d"]),
    ("{cite}`x2010y` and {cite:alp}`z2011w`", ["x2010y", "z2011w"]),
    ("In code: ``{cite:t}`not2000a` `` and\n```md\n{cite:p}`neither2000x`\n```\n", []),
])
def test_citations_are_read_from_the_roles(text, keys):
    assert cited_keys(text) == keys


def test_the_directive_pattern_finds_both_fences():
    text = "x\n\n## References\n\n```{bibliography}\n:filter: docname in docnames\n```\n"
    assert DIRECTIVE.search(text).group("body").strip() == FILTER
    assert DIRECTIVE.search(":::{bibliography}\n:all:\n:::\n").group("body").strip() == ":all:"
