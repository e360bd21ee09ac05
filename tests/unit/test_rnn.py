"""dlcourse.rnn against torch.nn.RNN in float64: outputs, every gradient, and gradient clipping."""
import numpy as np
import pytest
import torch

from dlcourse.nn import numerical_gradient, relative_error
from dlcourse.rnn import clip_grad_norm, rnn_backward, rnn_forward

TOL = 1e-10


def make(seed, T=7, batch=3, n_in=4, hidden=5):
    rng = np.random.default_rng(seed)
    p = {"W_ih": rng.normal(scale=0.5, size=(hidden, n_in)), "W_hh": rng.normal(scale=0.5, size=(hidden, hidden)),
         "b_ih": rng.normal(size=hidden), "b_hh": rng.normal(size=hidden)}
    return rng.normal(size=(T, batch, n_in)), rng.normal(size=(batch, hidden)), p, rng.normal(size=(T, batch, hidden))


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_forward_and_bptt_match_torch_rnn(seed):
    x, h0, p, dhs = make(seed)
    hs, cache = rnn_forward(x, h0, **p)
    g = rnn_backward(dhs, cache)
    rnn = torch.nn.RNN(x.shape[2], h0.shape[1], dtype=torch.float64)
    with torch.no_grad():
        for name in ("W_ih", "W_hh", "b_ih", "b_hh"):
            getattr(rnn, f"{name.lower().replace('w_', 'weight_').replace('b_', 'bias_')}_l0").copy_(torch.tensor(p[name]))
    xt, h0t = torch.tensor(x, requires_grad=True), torch.tensor(h0[None], requires_grad=True)
    out, _ = rnn(xt, h0t)
    out.backward(torch.tensor(dhs))
    assert relative_error(hs, out.detach().numpy()) < TOL
    assert relative_error(g["x"], xt.grad.numpy()) < TOL
    assert relative_error(g["h0"], h0t.grad.numpy()[0]) < TOL
    assert relative_error(g["W_ih"], rnn.weight_ih_l0.grad.numpy()) < TOL
    assert relative_error(g["W_hh"], rnn.weight_hh_l0.grad.numpy()) < TOL
    assert relative_error(g["b_ih"], rnn.bias_ih_l0.grad.numpy()) < TOL
    assert relative_error(g["b_hh"], rnn.bias_hh_l0.grad.numpy()) < TOL


def test_bptt_passes_a_gradient_check():
    x, h0, p, dhs = make(3, T=5)
    def loss():
        return float((rnn_forward(x, h0, **p)[0] * dhs).sum())
    g = rnn_backward(dhs, rnn_forward(x, h0, **p)[1])
    assert relative_error(g["W_hh"], numerical_gradient(loss, p["W_hh"])) < 1e-7
    assert relative_error(g["x"], numerical_gradient(loss, x)) < 1e-7


@pytest.mark.parametrize("max_norm", [0.1, 1.0, 100.0])
def test_clipping_matches_torch(max_norm):
    rng = np.random.default_rng(4)
    grads = [rng.normal(size=(3, 4)), rng.normal(size=5)]
    clipped, total = clip_grad_norm(grads, max_norm)
    params = [torch.zeros(g.shape, dtype=torch.float64, requires_grad=True) for g in grads]
    for q, g in zip(params, grads):
        q.grad = torch.tensor(g)
    total_t = torch.nn.utils.clip_grad_norm_(params, max_norm)
    assert abs(total - total_t.item()) < 1e-12 * total
    for c, q in zip(clipped, params):
        assert relative_error(c, q.grad.numpy()) < 1e-12
