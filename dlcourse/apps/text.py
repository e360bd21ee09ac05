"""Text as numbers for a tiny classifier: character n-grams, a vocabulary, and bag-of-ids batches.

Taught in ``chapters/ch5_applications/03_language_and_speech.ipynb``, which classifies the language of place and
language names from the Unicode CLDR tables that ship inside the ``babel`` package.
"""
from __future__ import annotations

from collections import Counter


def load_cldr_names(languages: tuple[str, ...] = ("en", "de", "fr", "es", "it", "nl")) -> tuple[list[str], list[int]]:
    """Country/region, language and currency names written in each language of ``languages``.

    Returns ``(texts, labels)`` with ``labels[i]`` the index in ``languages``. Names that are spelled the
    same in two or more of the languages (e.g. "Canada") are dropped, since no model could tell them
    apart. Data: Unicode CLDR via ``babel`` (Unicode License v3).
    """
    from babel import Locale

    names: dict[str, set[str]] = {}
    for lang in languages:
        locale = Locale.parse(lang)
        tables = (locale.territories, locale.languages, locale.currencies)
        names[lang] = {str(v).strip() for table in tables for v in table.values() if str(v).strip()}
    seen = Counter(n for lang in languages for n in names[lang])
    texts, labels = [], []
    for label, lang in enumerate(languages):
        for name in sorted(names[lang]):
            if seen[name] == 1:
                texts.append(name)
                labels.append(label)
    return texts, labels


def char_ngrams(text: str, n: int = 3) -> list[str]:
    """Character n-grams of ``text`` lower-cased and padded with '<' and '>' (fastText style)."""
    padded = f"<{text.lower()}>"
    if len(padded) < n:
        return [padded]
    return [padded[i:i + n] for i in range(len(padded) - n + 1)]


def build_vocab(texts: list[str], n: int = 3, min_count: int = 1) -> dict[str, int]:
    """n-gram -> id, most frequent first; id 0 is reserved for unknown n-grams."""
    counts = Counter(g for t in texts for g in char_ngrams(t, n))
    ranked = sorted((g for g, c in counts.items() if c >= min_count), key=lambda g: (-counts[g], g))
    return {g: i + 1 for i, g in enumerate(ranked)}


def encode(texts: list[str], vocab: dict[str, int], n: int = 3) -> tuple[list[int], list[int]]:
    """Flat n-gram ids and the start offset of each text, the input format of ``nn.EmbeddingBag``."""
    ids, offsets = [], []
    for text in texts:
        offsets.append(len(ids))
        ids.extend(vocab.get(g, 0) for g in char_ngrams(text, n))
    return ids, offsets
