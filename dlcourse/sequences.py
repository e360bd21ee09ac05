"""Names as sequences of characters: a vocabulary, padded batches and the split, for chapter 7.

Used by every page of ``chapters/ch7_sequences_attention/`` (first taught on
``01_recurrent_networks.ipynb``). The text is chapter 5's: the names of countries, languages and
currencies that the Unicode CLDR tables give in six languages, loaded by
:func:`dlcourse.apps.text.load_cldr_names` from the copy inside the ``babel`` package (Unicode License v3).

Id 0 is padding. A language model's sequence starts with a token that names the language (so it can be
asked for a French name) and ends with an end token; a classifier's sequence starts with a ``<cls>`` token
whose final state the classifier reads.
"""
from __future__ import annotations

import numpy as np

from dlcourse.apps.text import load_cldr_names

__all__ = ["LANGUAGES", "CharVocab", "load_names", "split", "pad"]

LANGUAGES = ("en", "de", "fr", "es", "it", "nl")
PAD = 0


class CharVocab:
    """Character <-> id, with id 0 for padding, then ``<end>``, ``<cls>``, ``<unk>``, one start token per
    language (``<en>``, ...), then the characters of the training names in sorted order."""

    def __init__(self, texts, languages=LANGUAGES):
        self.specials = ["<pad>", "<end>", "<cls>", "<unk>"] + [f"<{lang}>" for lang in languages]
        self.chars = sorted(set("".join(texts)))
        self.itos = self.specials + self.chars
        self.stoi = {s: i for i, s in enumerate(self.itos)}
        self.end, self.cls, self.unk = self.stoi["<end>"], self.stoi["<cls>"], self.stoi["<unk>"]
        self.languages = tuple(languages)

    def __len__(self):
        return len(self.itos)

    def start(self, label: int) -> int:
        """The id of the start token of language number ``label``."""
        return self.stoi[f"<{self.languages[label]}>"]

    def encode(self, text: str) -> list[int]:
        return [self.stoi.get(c, self.unk) for c in text]

    def decode(self, ids) -> str:
        return "".join(self.itos[i] for i in ids if i >= len(self.specials))

    def lm_sequence(self, text: str, label: int) -> list[int]:
        """``<lang> c_1 ... c_n <end>``: the model reads all but the last and predicts all but the first."""
        return [self.start(label)] + self.encode(text) + [self.end]

    def cls_sequence(self, text: str) -> list[int]:
        """``<cls> c_1 ... c_n`` for a classifier."""
        return [self.cls] + self.encode(text)


def load_names(languages=LANGUAGES):
    """``(texts, labels)`` as in chapter 5 (labels a NumPy array)."""
    texts, labels = load_cldr_names(languages)
    return texts, np.array(labels)


def split(n: int, seed: int = 0, test_fraction: float = 0.2):
    """``(train_idx, test_idx)``: chapter 5's split (a permutation by ``default_rng(seed)``, the first fifth
    held out), so that results on its language-identification task compare with that page's."""
    order = np.random.default_rng(seed).permutation(n)
    n_test = int(n * test_fraction)
    return order[n_test:], order[:n_test]


def pad(sequences, max_len=None):
    """A ``(batch, length)`` int64 array of the sequences, right-padded with 0, cut at ``max_len``, and
    their lengths."""
    lengths = np.array([min(len(s), max_len or len(s)) for s in sequences])
    out = np.zeros((len(sequences), lengths.max()), dtype=np.int64)
    for i, s in enumerate(sequences):
        out[i, :lengths[i]] = s[:lengths[i]]
    return out, lengths
