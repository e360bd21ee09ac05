"""dlcourse.transformer: the block equals torch.nn.TransformerEncoderLayer with the same weights."""
import numpy as np
import pytest
import torch

from dlcourse import sequences
from dlcourse.transformer import Block, CharLM, Classifier, causal_mask, classifier_probs, train_classifier


def reference(block, d, heads):
    layer = torch.nn.TransformerEncoderLayer(d, heads, 4 * d, dropout=0.0, activation="gelu", batch_first=True,
                                             norm_first=True, dtype=torch.float64)
    layer.load_state_dict(block.state_dict())
    return layer.eval()


@pytest.mark.parametrize("mask_kind", ["none", "causal", "padding"])
def test_block_equals_torch_encoder_layer(mask_kind):
    torch.manual_seed(0)
    d, heads, n = 16, 4, 7
    block = Block(d, heads).double().eval()
    with torch.no_grad():
        for p in block.parameters():
            p.add_(0.1 * torch.randn_like(p))
    x = torch.randn(3, n, d, dtype=torch.float64)
    layer = reference(block, d, heads)
    if mask_kind == "none":
        ours, theirs = block(x), layer(x)
    elif mask_kind == "causal":
        ours = block(x, causal_mask(n))
        theirs = layer(x, src_mask=~causal_mask(n))
    else:
        keep = torch.arange(n)[None] < torch.tensor([[7], [4], [2]])
        ours = block(x, keep[:, None, None, :])
        theirs = layer(x, src_key_padding_mask=~keep)
        ours, theirs = ours[keep], theirs[keep]            # padded positions' outputs are not used
    assert torch.allclose(ours, theirs, rtol=0, atol=1e-12)
    assert block.self_attn.weights.shape == (3, heads, n, n)


def test_lm_is_causal_and_samples():
    torch.manual_seed(0)
    model = CharLM(20, d=16, heads=2, layers=2, max_len=12).eval()
    ids = torch.randint(1, 20, (2, 10))
    changed = ids.clone()
    changed[:, 6:] = torch.randint(1, 20, (2, 4))
    assert torch.allclose(model(ids)[:, :6], model(changed)[:, :6], atol=1e-6)   # the future does not leak
    samples = model.sample(start=3, end=1, n=4, generator=torch.Generator().manual_seed(0))
    assert len(samples) == 4 and all(len(s) <= 11 for s in samples)


def test_classifier_ignores_padding_and_learns_a_toy_task():
    torch.manual_seed(0)
    model = Classifier(10, 2, d=16, heads=2, layers=1).eval()
    a = torch.tensor([[2, 5, 6, 0, 0]])
    assert torch.allclose(model(a), model(a[:, :3]), atol=1e-6)
    rng = np.random.default_rng(0)
    ids = rng.integers(4, 10, size=(200, 6))
    ids[:, 0] = 2
    labels = (ids == 9).any(1).astype(np.int64)             # does the sequence contain token 9?
    model, curve = train_classifier(ids, labels, 10, 2, seed=0, epochs=40, d=16, heads=2, layers=1, dropout=0.0)
    assert curve[-1] < curve[0]
    assert (classifier_probs(model, ids).argmax(1) == labels).mean() > 0.9


def test_sequences_vocab_and_split():
    texts, labels = sequences.load_names()
    train, test = sequences.split(len(texts))
    assert len(test) == len(texts) // 5 and len(set(train) | set(test)) == len(texts)
    vocab = sequences.CharVocab([texts[i] for i in train])
    seq = vocab.lm_sequence("Abc", 2)
    assert seq[0] == vocab.stoi["<fr>"] and seq[-1] == vocab.end and vocab.decode(seq) == "Abc"
    ids, lengths = sequences.pad([[5, 6], [7]])
    assert ids.tolist() == [[5, 6], [7, 0]] and lengths.tolist() == [2, 1]
