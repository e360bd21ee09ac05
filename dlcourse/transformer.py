"""A small Transformer in PyTorch: a pre-norm block, a character language model and a classifier.

Taught on the page ``chapters/ch7_sequences_attention/03_small_transformer.ipynb`` (label
``ch7-transformer``), which builds the block from the attention of ``02_attention.ipynb``, trains the
decoder-only language model on names and the encoder classifier on chapter 5's language identification;
``04_what_attention_shows.ipynb`` reads the classifier's attention weights.

:class:`Block` keeps the parameter names of ``torch.nn.TransformerEncoderLayer`` (``self_attn.in_proj_weight``,
``linear1``, ``norm1``, ...), so ``layer.load_state_dict(block.state_dict())`` copies its weights into
``TransformerEncoderLayer(d, heads, 4 * d, dropout, activation="gelu", batch_first=True, norm_first=True)``,
and the two compute the same function (``tests/unit/test_transformer.py``). Unlike PyTorch's layer, it
writes attention out (so the page can show it) and keeps the last attention weights in
``block.self_attn.weights``, shape ``(batch, heads, queries, keys)``.

Masks are boolean, **True = allowed** (as in :mod:`dlcourse.attention`).
"""
from __future__ import annotations

import math

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

__all__ = ["SelfAttention", "Block", "CharLM", "Classifier", "causal_mask", "length_batches", "train_classifier",
           "classifier_probs"]


def causal_mask(n, device=None):
    """``(n, n)`` boolean, True where key ``j <= i``."""
    return torch.ones(n, n, dtype=torch.bool, device=device).tril()


class _OutProj(nn.Linear):
    pass


class SelfAttention(nn.Module):
    """Multi-head self-attention written out, with ``nn.MultiheadAttention``'s parameter layout."""

    def __init__(self, d, heads):
        super().__init__()
        assert d % heads == 0
        self.d, self.heads = d, heads
        self.in_proj_weight = nn.Parameter(torch.empty(3 * d, d))
        self.in_proj_bias = nn.Parameter(torch.zeros(3 * d))
        self.out_proj = _OutProj(d, d)
        nn.init.xavier_uniform_(self.in_proj_weight)
        nn.init.zeros_(self.out_proj.bias)
        self.weights = None

    def forward(self, x, mask=None):
        """``x``: ``(batch, n, d)``; ``mask`` broadcasts against ``(batch, heads, n, n)``, True = allowed."""
        b, n, d = x.shape
        q, k, v = F.linear(x, self.in_proj_weight, self.in_proj_bias).chunk(3, dim=-1)
        q, k, v = (t.view(b, n, self.heads, d // self.heads).transpose(1, 2) for t in (q, k, v))
        scores = q @ k.transpose(-1, -2) / math.sqrt(d // self.heads)
        if mask is not None:
            scores = scores.masked_fill(~mask, float("-inf"))
        weights = scores.softmax(dim=-1)
        self.weights = weights.detach()
        out = (weights @ v).transpose(1, 2).reshape(b, n, d)
        return self.out_proj(out)


class Block(nn.Module):
    """Pre-norm Transformer block: ``x + attention(norm1(x))``, then ``x + feed_forward(norm2(x))``."""

    def __init__(self, d, heads, dropout=0.0):
        super().__init__()
        self.self_attn = SelfAttention(d, heads)
        self.linear1, self.linear2 = nn.Linear(d, 4 * d), nn.Linear(4 * d, d)
        self.norm1, self.norm2 = nn.LayerNorm(d), nn.LayerNorm(d)
        self.dropout1, self.dropout2, self.dropout = nn.Dropout(dropout), nn.Dropout(dropout), nn.Dropout(dropout)

    def forward(self, x, mask=None):
        x = x + self.dropout1(self.self_attn(self.norm1(x), mask))
        return x + self.dropout2(self.linear2(self.dropout(F.gelu(self.linear1(self.norm2(x))))))


class _Body(nn.Module):
    def __init__(self, vocab, d, heads, layers, max_len, dropout):
        super().__init__()
        self.embed = nn.Embedding(vocab, d)
        self.position = nn.Embedding(max_len, d)          # learnt positions
        self.drop = nn.Dropout(dropout)
        self.blocks = nn.ModuleList([Block(d, heads, dropout) for _ in range(layers)])
        self.norm = nn.LayerNorm(d)
        self.max_len = max_len

    def run(self, ids, mask):
        positions = torch.arange(ids.shape[1], device=ids.device)
        x = self.drop(self.embed(ids) + self.position(positions))
        for block in self.blocks:
            x = block(x, mask)
        return self.norm(x)

    def attention(self):
        """The last forward pass's attention weights, one ``(batch, heads, n, n)`` tensor per block."""
        return [block.self_attn.weights for block in self.blocks]


class CharLM(_Body):
    """Decoder-only language model: each position sees the positions before it (a causal mask) and gives
    scores for the next token."""

    def __init__(self, vocab, d=64, heads=4, layers=2, max_len=64, dropout=0.1):
        super().__init__(vocab, d, heads, layers, max_len, dropout)
        self.head = nn.Linear(d, vocab)

    def forward(self, ids):
        return self.head(self.run(ids, causal_mask(ids.shape[1], ids.device)))

    @torch.no_grad()
    def sample(self, start, end, n, max_len=None, temperature=1.0, generator=None):
        """``n`` sequences begun with token ``start``, drawn one token at a time until ``end``."""
        self.eval()
        max_len = max_len or self.max_len
        ids = torch.full((n, 1), start, dtype=torch.long)
        done = torch.zeros(n, dtype=torch.bool)
        while ids.shape[1] < max_len and not done.all():
            probs = (self(ids)[:, -1] / temperature).softmax(-1)
            nxt = torch.multinomial(probs, 1, generator=generator).squeeze(1)
            nxt = torch.where(done, torch.zeros_like(nxt), nxt)
            ids = torch.cat([ids, nxt[:, None]], 1)
            done |= nxt == end
        return [[t for t in row[1:] if t not in (0, end)] for row in ids.tolist()]


class Classifier(_Body):
    """Encoder: every real position sees every real position (a padding mask); the final state of the first
    token (``<cls>``) is mapped to class scores."""

    def __init__(self, vocab, classes, d=64, heads=4, layers=2, max_len=64, dropout=0.1, pool="cls"):
        super().__init__(vocab, d, heads, layers, max_len, dropout)
        self.head = nn.Linear(d, classes)
        self.pool = pool

    def forward(self, ids):
        real = ids != 0
        states = self.run(ids, real[:, None, None, :])     # keys that are not padding
        if self.pool == "cls":
            return self.head(states[:, 0])
        return self.head((states * real[..., None]).sum(1) / real.sum(1, keepdim=True))


def length_batches(rng, lengths, batch=64, pool=1024):
    """Shuffled batches (lists of indices) of sequences of similar length, so that little of each batch is
    padding: shuffle, sort each pool of ``pool`` sequences by length, cut it into batches, shuffle the batches."""
    order = rng.permutation(len(lengths))
    groups = [sorted(order[p:p + pool], key=lambda i: lengths[i]) for p in range(0, len(order), pool)]
    out = [g[s:s + batch] for g in groups for s in range(0, len(g), batch)]
    return [out[i] for i in rng.permutation(len(out))]


def train_classifier(ids, labels, vocab_size, classes, *, seed, epochs, batch=64, lr=3e-3, **model_args):
    """Train a :class:`Classifier` with AdamW (one-cycle learning rate up to ``lr``, gradients clipped at norm 1)
    on padded ``ids`` ``(N, n)`` (int64 array) and ``labels`` ``(N,)``, in batches of similar lengths
    (:func:`length_batches`); the batch order and the start depend on ``seed`` only. Returns the model in
    evaluation mode and the mean training loss of each epoch."""
    torch.manual_seed(seed)
    model = Classifier(vocab_size, classes, **model_args)
    opt = torch.optim.AdamW(model.parameters(), lr=lr, weight_decay=0.01)
    X, Y = torch.as_tensor(ids), torch.as_tensor(labels)
    rng = np.random.default_rng(seed)
    lengths = (X != 0).sum(1).numpy()
    steps = epochs * len(length_batches(np.random.default_rng(0), lengths, batch))
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=lr, total_steps=steps, pct_start=0.1)
    curve = []
    for _ in range(epochs):
        model.train()
        total = 0.0
        for chosen in length_batches(rng, lengths, batch):
            idx = torch.as_tensor(np.asarray(chosen))
            xb = X[idx]
            xb = xb[:, :int((xb != 0).sum(1).max())]       # drop columns that are padding in the whole batch
            loss = F.cross_entropy(model(xb), Y[idx])
            opt.zero_grad()
            loss.backward()
            nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()
            sched.step()
            total += loss.item() * len(idx)
        curve.append(total / len(X))
    model.eval()
    return model, curve


@torch.no_grad()
def classifier_probs(model, ids, batch=512):
    """Class probabilities ``(N, classes)`` of a trained :class:`Classifier` for padded ``ids``."""
    model.eval()
    X = torch.as_tensor(ids)
    return torch.cat([model(X[s:s + batch]).softmax(-1) for s in range(0, len(X), batch)]).numpy()
