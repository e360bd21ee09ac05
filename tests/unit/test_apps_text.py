from dlcourse.apps import text


def test_char_ngrams_pad_and_lowercase():
    assert text.char_ngrams("Spain") == ["<sp", "spa", "pai", "ain", "in>"]
    assert text.char_ngrams("a", n=4) == ["<a>"]


def test_vocab_ranks_by_frequency_and_reserves_zero():
    vocab = text.build_vocab(["aa", "aa", "ab"], n=2)
    assert min(vocab.values()) == 1
    assert vocab["<a"] == 1  # in all three texts
    assert sorted(vocab.values()) == list(range(1, len(vocab) + 1))


def test_encode_offsets_and_unknowns():
    vocab = text.build_vocab(["ab"], n=2)
    ids, offsets = text.encode(["ab", "zz"], vocab, n=2)
    assert offsets == [0, 3]
    assert ids[:3] == [vocab["<a"], vocab["ab"], vocab["b>"]]
    assert ids[3:] == [0, 0, 0]


def test_cldr_names_are_labelled_and_unambiguous():
    texts, labels = text.load_cldr_names(("en", "de", "fr"))
    assert len(texts) == len(labels) > 1500
    assert set(labels) == {0, 1, 2}
    pairs = dict(zip(texts, labels))
    assert len(pairs) == len(texts)  # a name appears in one language only
    assert pairs.get("Deutschland") == 1 and pairs.get("Allemagne") == 2 and pairs.get("Germany") == 0
