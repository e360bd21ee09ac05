"""Scaled dot-product attention, masks, multi-head attention and positional encodings in NumPy.

Taught on the page ``chapters/ch7_sequences_attention/02_attention.ipynb`` (label ``ch7-attention``), which
writes each piece out, checks it against ``torch.nn.functional.scaled_dot_product_attention``,
``torch.nn.MultiheadAttention`` and ``keras.layers.MultiHeadAttention`` with the same weights, and against
this module.

Shapes follow PyTorch with ``batch_first=True``: a sequence batch is ``(batch, length, features)``.
Masks are boolean arrays that say which query may attend to which key, **True = allowed**, as in
``scaled_dot_product_attention``'s boolean ``attn_mask``. (``torch.nn.MultiheadAttention``'s boolean masks
mean the opposite, True = blocked: pass ``~mask`` there.) A mask broadcasts against the scores, shape
``(..., queries, keys)``.
"""
from __future__ import annotations

import numpy as np

__all__ = ["softmax", "causal_mask", "padding_mask", "scaled_dot_product_attention", "multi_head_attention",
           "sinusoidal_positions"]


def softmax(scores, axis=-1):
    """Softmax along ``axis``, shifted by the maximum for safety; rows that are all ``-inf`` give zeros."""
    top = np.max(scores, axis=axis, keepdims=True)
    top = np.where(np.isfinite(top), top, 0.0)
    e = np.exp(scores - top)
    total = e.sum(axis=axis, keepdims=True)
    return e / np.where(total == 0, 1.0, total)


def causal_mask(n):
    """``(n, n)`` boolean, True where key ``j <= i``: position ``i`` sees itself and the past only."""
    return np.tril(np.ones((n, n), dtype=bool))


def padding_mask(lengths, n):
    """``(batch, 1, n)`` boolean, True for the real (not padded) keys of each sequence of ``lengths``."""
    return (np.arange(n)[None, :] < np.asarray(lengths)[:, None])[:, None, :]


def scaled_dot_product_attention(q, k, v, mask=None):
    """``softmax(q k^T / sqrt(d) + mask) v``; returns the output and the attention weights.

    ``q``: ``(..., queries, d)``, ``k``: ``(..., keys, d)``, ``v``: ``(..., keys, d_v)``; ``mask`` (True =
    allowed) broadcasts against ``(..., queries, keys)``. A query with no allowed key gets weights of zero.
    """
    scores = q @ np.swapaxes(k, -1, -2) / np.sqrt(q.shape[-1])
    if mask is not None:
        scores = np.where(mask, scores, -np.inf)
    weights = softmax(scores, axis=-1)
    return weights @ v, weights


def multi_head_attention(query, key, value, in_proj_weight, in_proj_bias, out_proj_weight, out_proj_bias,
                         n_heads, mask=None):
    """Multi-head attention with ``torch.nn.MultiheadAttention``'s parameters (``batch_first=True``).

    ``in_proj_weight`` ``(3 d, d)`` stacks the query, key and value projections; each projection's output
    of width ``d`` is cut into ``n_heads`` heads of width ``d / n_heads``, each head attends on its own,
    the heads are put side by side again and ``out_proj`` mixes them. Returns the output ``(batch,
    queries, d)`` and every head's weights ``(batch, n_heads, queries, keys)``.
    """
    d = query.shape[-1]
    W_q, W_k, W_v = np.split(in_proj_weight, 3)
    b_q, b_k, b_v = np.split(in_proj_bias, 3)

    def heads(x, W, b):                                   # (batch, n, d) -> (batch, heads, n, d / heads)
        y = x @ W.T + b
        return y.reshape(y.shape[0], y.shape[1], n_heads, d // n_heads).transpose(0, 2, 1, 3)

    if mask is not None and mask.ndim == 3:               # (batch, queries, keys): the same for every head
        mask = mask[:, None]
    out, weights = scaled_dot_product_attention(heads(query, W_q, b_q), heads(key, W_k, b_k),
                                                heads(value, W_v, b_v), mask)
    out = out.transpose(0, 2, 1, 3).reshape(query.shape[0], query.shape[1], d)
    return out @ out_proj_weight.T + out_proj_bias, weights


def sinusoidal_positions(n, d):
    """The sinusoidal positional encoding of Vaswani et al. (2017), shape ``(n, d)`` for even ``d``.

    ``P[p, 2i] = sin(p / 10000^(2i/d))`` and ``P[p, 2i+1] = cos(p / 10000^(2i/d))``.
    """
    positions = np.arange(n)[:, None]
    freqs = 1.0 / 10000 ** (np.arange(0, d, 2) / d)
    P = np.zeros((n, d))
    P[:, 0::2] = np.sin(positions * freqs)
    P[:, 1::2] = np.cos(positions * freqs)
    return P
