"""A recurrent layer (Elman RNN with tanh) in NumPy, forward and backpropagation through time.

Taught on the page ``chapters/ch7_sequences_attention/01_recurrent_networks.ipynb`` (label ``ch7-rnn``),
which writes the same two passes out, checks them against ``torch.nn.RNN`` in float64 and against this
module, measures how the gradient shrinks or grows as it travels back in time, and clips it.

Layout and parameter names follow ``torch.nn.RNN`` (``batch_first=False``), so weights copy across
unchanged: inputs ``x`` have shape ``(time, batch, inputs)``, the hidden states ``(time, batch, hidden)``,
and one step is

    h_t = tanh(x_t @ W_ih.T + b_ih + h_{t-1} @ W_hh.T + b_hh).
"""
from __future__ import annotations

import numpy as np

__all__ = ["rnn_forward", "rnn_backward", "clip_grad_norm"]


def rnn_forward(x, h0, W_ih, W_hh, b_ih, b_hh):
    """All hidden states ``hs`` of shape ``(time, batch, hidden)`` and the cache for :func:`rnn_backward`."""
    T = x.shape[0]
    hs = np.empty((T,) + h0.shape, dtype=np.result_type(x, W_ih))
    h = h0
    for t in range(T):
        h = np.tanh(x[t] @ W_ih.T + b_ih + h @ W_hh.T + b_hh)
        hs[t] = h
    return hs, (x, h0, hs, W_ih, W_hh)


def rnn_backward(dhs, cache):
    """Backpropagation through time.

    ``dhs[t]`` is the gradient of the loss reaching ``h_t`` directly (from a read-out at step ``t``; zeros
    where nothing reads the state). Walking back from the last step, the gradient of ``h_t`` is that direct
    part plus what flows back from ``h_{t+1}``. Returns a dict with ``x``, ``h0``, ``W_ih``, ``W_hh``,
    ``b_ih``, ``b_hh`` and ``h`` (the total gradient reaching each ``h_t``, for measuring how it decays).
    """
    x, h0, hs, W_ih, W_hh = cache
    T = x.shape[0]
    grads = {"x": np.zeros_like(x), "W_ih": np.zeros_like(W_ih), "W_hh": np.zeros_like(W_hh),
             "b_ih": np.zeros(W_ih.shape[0], dtype=hs.dtype), "b_hh": np.zeros(W_hh.shape[0], dtype=hs.dtype),
             "h": np.zeros_like(hs)}
    dh_next = np.zeros_like(h0)
    for t in reversed(range(T)):
        dh = dhs[t] + dh_next
        grads["h"][t] = dh
        da = dh * (1.0 - hs[t] ** 2)                 # through tanh
        h_prev = hs[t - 1] if t > 0 else h0
        grads["W_ih"] += da.T @ x[t]
        grads["W_hh"] += da.T @ h_prev
        grads["b_ih"] += da.sum(axis=0)
        grads["b_hh"] += da.sum(axis=0)
        grads["x"][t] = da @ W_ih
        dh_next = da @ W_hh
    grads["h0"] = dh_next
    return grads


def clip_grad_norm(grads, max_norm):
    """Scale a list of gradient arrays so that their joint Euclidean norm is at most ``max_norm``.

    Returns ``(clipped, total_norm)`` with the norm measured before clipping, like
    ``torch.nn.utils.clip_grad_norm_`` (which multiplies by ``max_norm / (total_norm + 1e-6)`` when the
    norm is above ``max_norm``, and leaves the gradients alone otherwise).
    """
    total = float(np.sqrt(sum(float((g.astype(np.float64) ** 2).sum()) for g in grads)))
    factor = max_norm / (total + 1e-6)
    if factor >= 1.0:
        return [g.copy() for g in grads], total
    return [g * factor for g in grads], total
