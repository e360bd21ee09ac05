"""dlcourse.attention against torch.nn.functional.scaled_dot_product_attention and nn.MultiheadAttention."""
import numpy as np
import pytest
import torch
import torch.nn.functional as F

from dlcourse.attention import (causal_mask, multi_head_attention, padding_mask, scaled_dot_product_attention,
                                sinusoidal_positions, softmax)
from dlcourse.nn import relative_error

TOL = 1e-12


def test_masks():
    assert causal_mask(3).tolist() == [[True, False, False], [True, True, False], [True, True, True]]
    assert padding_mask([2, 3], 3).tolist() == [[[True, True, False]], [[True, True, True]]]


def test_softmax_rows_sum_to_one_and_all_blocked_rows_give_zeros():
    w = softmax(np.array([[1.0, 2.0, 1000.0], [-np.inf, -np.inf, -np.inf]]))
    assert np.allclose(w[0].sum(), 1) and np.isfinite(w).all() and (w[1] == 0).all()


@pytest.mark.parametrize("which", [None, "causal", "padding"])
def test_sdpa_matches_torch(which):
    rng = np.random.default_rng(0)
    q, k, v = rng.normal(size=(2, 3, 5, 8)), rng.normal(size=(2, 3, 5, 8)), rng.normal(size=(2, 3, 5, 6))
    mask = {None: None, "causal": causal_mask(5), "padding": padding_mask([3, 5], 5)[:, None]}[which]
    out, w = scaled_dot_product_attention(q, k, v, mask)
    ref = F.scaled_dot_product_attention(*(torch.tensor(a) for a in (q, k, v)),
                                         attn_mask=None if mask is None else torch.tensor(mask))
    assert relative_error(out, ref.numpy()) < TOL
    assert np.allclose(w.sum(-1), 1)
    if mask is not None:
        assert (w[..., ~np.broadcast_to(mask, w.shape)[0, 0]] == 0).all() if which == "causal" else True


@pytest.mark.parametrize("heads", [1, 2, 4])
def test_multi_head_attention_matches_torch(heads):
    rng = np.random.default_rng(heads)
    d, n = 8, 6
    mha = torch.nn.MultiheadAttention(d, heads, batch_first=True, dtype=torch.float64)
    with torch.no_grad():
        mha.in_proj_bias.copy_(torch.tensor(rng.normal(size=3 * d)))
        mha.out_proj.bias.copy_(torch.tensor(rng.normal(size=d)))
    x = rng.normal(size=(2, n, d))
    lengths = [4, 6]
    mask = padding_mask(lengths, n) & causal_mask(n)[None]
    params = [mha.in_proj_weight, mha.in_proj_bias, mha.out_proj.weight, mha.out_proj.bias]
    ours, w = multi_head_attention(x, x, x, *(t.detach().numpy() for t in params), heads, mask)
    xt = torch.tensor(x)
    ref, ref_w = mha(xt, xt, xt, attn_mask=torch.tensor(~np.repeat(mask, heads, axis=0)),
                     need_weights=True, average_attn_weights=False)
    assert relative_error(ours, ref.detach().numpy()) < TOL
    assert relative_error(w, ref_w.detach().numpy()) < TOL


def test_sinusoidal_positions():
    P = sinusoidal_positions(50, 16)
    assert P.shape == (50, 16) and np.allclose(P[0, 0::2], 0) and np.allclose(P[0, 1::2], 1)
    assert np.allclose(P[:, 0], np.sin(np.arange(50)))
    assert np.allclose(P[:, -1], np.cos(np.arange(50) / 10000 ** (14 / 16)))
