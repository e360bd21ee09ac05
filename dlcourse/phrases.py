"""Phrases glued into a page's prose, in each of the book's languages.

A page glues its measured numbers into the prose with myst-nb's ``glue``; a number reads the same in the
English and the Chinese edition. A *phrase* chosen by a result ("beats the naive forecast", "does not beat
it") does not: :func:`glue_phrase` glues it once per language, the English under its name and each
translation under ``<name>__<language>`` (``sine_verdict__zh_CN``). The prose uses the name alone in every
language; when the Chinese edition is built, ``tools/i18n.py`` points the Chinese catalogs' roles at the
Chinese value (the glue roles of a translation must stay those of the English; the build swaps the names).
"""
from __future__ import annotations

LANGUAGES = ("zh_CN",)          # the editions besides English (tools/i18n.py builds one per language)


def phrase_name(name: str, language: str) -> str:
    """The name under which ``name``'s phrase in ``language`` is glued."""
    return f"{name}__{language}"


def glue_phrase(name: str, en: str, **translations: str) -> None:
    """Glue the phrase ``en`` as ``name``, and its translation in each of :data:`LANGUAGES` (keywords, e.g.
    ``zh_CN="不及朴素预测"``) under :func:`phrase_name`. Nothing is displayed."""
    missing = sorted(set(LANGUAGES) - set(translations))
    unknown = sorted(set(translations) - set(LANGUAGES))
    if missing or unknown:
        raise ValueError(f"glue_phrase({name!r}): give the phrase in {', '.join(LANGUAGES)} as keywords "
                         f"(missing: {missing or 'none'}; unknown: {unknown or 'none'})")
    for text in (en, *translations.values()):
        if not isinstance(text, str) or not text.strip():
            raise ValueError(f"glue_phrase({name!r}): every phrase must be non-empty text, got {text!r}")
    from myst_nb import glue

    glue(name, en, display=False)
    for language, text in translations.items():
        glue(phrase_name(name, language), text, display=False)
