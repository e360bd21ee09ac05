"""Judge's questions for exercises/07_ch7_sequences.ipynb (instructor only: never give this to students).

NumPy only. Sequence lengths, sizes, masks, offsets, corpora and model sizes are drawn here at grading time.
`python grading/07_ch7_sequences.py` checks the references of q1, q2, q3 and q6 against PyTorch
(torch.autograd.functional.jacobian through torch.nn.RNN, torch.nn.GRU, autograd through
torch.nn.functional.scaled_dot_product_attention, a pre-norm language model built from
torch.nn.TransformerEncoderLayer).
"""
import numpy as np

from dlcourse.exercises import expect
from dlcourse.exercises.questions import question, written

NUMPY_ONLY = True
ANSWERS = ["state_jacobian", "gru_forward", "attention_backward", "pe_shift_matrix", "addk_bigram_cross_entropy",
           "lm_param_count", "deletion_importance", "attention_rollout"]


def _tuple(got, n, what):
    if not isinstance(got, tuple) or len(got) != n:
        raise expect.Wrong(f"{what}: expected a tuple of {n} arrays, got {expect.describe(got)}")


# --- q1: the Jacobian of a later state with respect to an earlier one -------------------------------------------
def rnn_states(x, h0, W_ih, W_hh, b_ih, b_hh):
    hs = [h0]
    for t in range(len(x)):
        hs.append(np.tanh(x[t] @ W_ih.T + b_ih + hs[-1] @ W_hh.T + b_hh))
    return hs


def state_jacobian_reference(x, h0, W_ih, W_hh, b_ih, b_hh, t):
    hs = rnn_states(x, h0, W_ih, W_hh, b_ih, b_hh)
    J = np.eye(len(h0))
    for s in range(t + 1, len(x) + 1):
        J = ((1 - hs[s] ** 2)[:, None] * W_hh) @ J
    return J


def _rnn_weights(rng, d, h, scale):
    return (rng.normal(0, scale / np.sqrt(h), size=(h, d)), rng.normal(0, scale / np.sqrt(h), size=(h, h)),
            rng.normal(0, 0.3, size=h), rng.normal(0, 0.3, size=h))


@question("q1")
def q1(student, rng):
    for scale in (float(rng.uniform(0.5, 1)), float(rng.uniform(1.5, 3))):
        T, d, h = int(rng.integers(2, 12)), int(rng.integers(1, 5)), int(rng.integers(2, 7))
        W_ih, W_hh, b_ih, b_hh = _rnn_weights(rng, d, h, scale)
        x, h0 = rng.normal(size=(T, d)), rng.normal(0, 0.5, size=h)
        for t in (0, int(rng.integers(1, T)), T):
            expect.array(student.call("state_jacobian", x, h0, W_ih, W_hh, b_ih, b_hh, t),
                         state_jacobian_reference(x, h0, W_ih, W_hh, b_ih, b_hh, t),
                         f"state_jacobian for T={T}, {d} inputs, {h} hidden units, t={t}", rtol=1e-8, atol=1e-12)


# --- q2: a GRU in PyTorch's layout ----------------------------------------------------------------------------------
def _sigmoid(x):
    return 1 / (1 + np.exp(-x))


def gru_reference(x, h0, W_ih, W_hh, b_ih, b_hh):
    H = h0.shape[-1]
    h, out = h0, []
    for t in range(len(x)):
        gi, gh = x[t] @ W_ih.T + b_ih, h @ W_hh.T + b_hh
        r = _sigmoid(gi[..., :H] + gh[..., :H])
        z = _sigmoid(gi[..., H:2 * H] + gh[..., H:2 * H])
        n = np.tanh(gi[..., 2 * H:] + r * gh[..., 2 * H:])
        h = (1 - z) * n + z * h
        out.append(h)
    return np.stack(out)


@question("q2")
def q2(student, rng):
    for _ in range(3):
        T, B, d, H = int(rng.integers(1, 9)), int(rng.integers(1, 5)), int(rng.integers(1, 6)), int(rng.integers(1, 7))
        k = 1 / np.sqrt(H)
        args = (rng.normal(size=(T, B, d)), rng.normal(0, 0.5, size=(B, H)), rng.uniform(-k, k, size=(3 * H, d)) * 2,
                rng.uniform(-k, k, size=(3 * H, H)) * 2, rng.uniform(-k, k, size=3 * H), rng.uniform(-k, k, size=3 * H))
        expect.array(student.call("gru_forward", *args), gru_reference(*args),
                     f"gru_forward for T={T}, batch {B}, {d} inputs, {H} hidden units", rtol=1e-9, atol=1e-12)


# --- q3: attention backward -------------------------------------------------------------------------------------------
def attention_backward_reference(Q, K, V, dO, mask):
    d = Q.shape[-1]
    S = Q @ np.swapaxes(K, -1, -2) / np.sqrt(d)
    if mask is not None:
        S = np.where(mask, S, -np.inf)
    P = np.exp(S - S.max(-1, keepdims=True))
    P /= P.sum(-1, keepdims=True)
    dV = np.swapaxes(P, -1, -2) @ dO
    dP = dO @ np.swapaxes(V, -1, -2)
    dS = P * (dP - np.sum(dP * P, -1, keepdims=True))
    return dS @ K / np.sqrt(d), np.swapaxes(dS, -1, -2) @ Q / np.sqrt(d), dV


def _mask(rng, kind, n, m):
    if kind == "none":
        return None
    if kind == "causal":
        return np.tril(np.ones((n, m), bool))
    lengths = rng.integers(1, m + 1, size=n)          # query i may attend to the first lengths[i] keys
    return np.arange(m)[None, :] < lengths[:, None]


@question("q3")
def q3(student, rng):
    for kind in ("none", "causal", "padding", "causal"):
        n = int(rng.integers(1, 7))
        m = n if kind == "causal" else int(rng.integers(1, 8))
        lead = tuple(int(v) for v in rng.integers(1, 4, size=int(rng.integers(0, 3))))
        d, dv = int(rng.integers(1, 9)), int(rng.integers(1, 6))
        Q, K = rng.normal(size=lead + (n, d)) * 2, rng.normal(size=lead + (m, d)) * 2
        V, dO = rng.normal(size=lead + (m, dv)), rng.normal(size=lead + (n, dv))
        mask = _mask(rng, kind, n, m)
        got = student.call("attention_backward", Q, K, V, dO, mask)
        what = f"attention_backward with {kind} mask, Q {Q.shape}, K {K.shape}, V {V.shape}"
        _tuple(got, 3, what)
        for g, w, name in zip(got, attention_backward_reference(Q, K, V, dO, mask), ("dQ", "dK", "dV")):
            expect.array(g, w, f"{what}: {name}", rtol=1e-8, atol=1e-11)


# --- q4: a shift of the sinusoidal positions is a linear map -----------------------------------------------------------
def positional_encoding(n, d, base=10000.0):
    pos, i = np.arange(n)[:, None], np.arange(d // 2)[None, :]
    angle = pos * base ** (-2 * i / d)
    pe = np.zeros((n, d))
    pe[:, 0::2], pe[:, 1::2] = np.sin(angle), np.cos(angle)
    return pe


def pe_shift_reference(k, d, base=10000.0):
    M = np.zeros((d, d))
    for i in range(d // 2):
        a = k * base ** (-2 * i / d)
        M[2 * i, 2 * i], M[2 * i + 1, 2 * i] = np.cos(a), np.sin(a)
        M[2 * i, 2 * i + 1], M[2 * i + 1, 2 * i + 1] = -np.sin(a), np.cos(a)
    return M


@question("q4")
def q4(student, rng):
    for k, base in [(int(rng.integers(1, 50)), 10000.0), (int(rng.integers(-30, 0)), float(rng.uniform(50, 2000))),
                    (0, 10000.0)]:
        d = 2 * int(rng.integers(1, 12))
        M = student.call("pe_shift_matrix", k, d, base=base)
        what = f"pe_shift_matrix(k={k}, d={d}, base={base:g})"
        expect.array(M, pe_shift_reference(k, d, base), what, rtol=1e-9, atol=1e-12)
        pe = positional_encoding(80, d, base)
        p = np.arange(max(0, -k), 80 - max(0, k))
        expect.array(pe[p] @ M, pe[p + k], f"{what}: PE[p] @ M against PE[p + k]", rtol=1e-8, atol=1e-9)


# --- q5: an add-k bigram model ----------------------------------------------------------------------------------------------
def addk_reference(train, test, V, k):
    counts = np.zeros((V + 1, V + 1))       # context (V = BOS) x outcome (V = EOS)
    for s in train:
        for h, w in zip([V] + list(s), list(s) + [V]):
            counts[h, w] += 1
    total, n = 0.0, 0
    for s in test:
        for h, w in zip([V] + list(s), list(s) + [V]):
            total -= np.log((counts[h, w] + k) / (counts[h].sum() + k * (V + 1)))
            n += 1
    return total / n


@question("q5")
def q5(student, rng):
    for k in (float(rng.uniform(0.01, 0.5)), 1.0, float(rng.uniform(0.5, 3))):
        V = int(rng.integers(2, 8))
        probs = rng.dirichlet(np.ones(V) * 0.7)
        draw = lambda count: [[int(c) for c in rng.choice(V, size=int(rng.integers(0, 7)), p=probs)] for _ in range(count)]
        train, test = draw(int(rng.integers(2, 12))), draw(int(rng.integers(1, 6)))
        expect.scalar(student.call("addk_bigram_cross_entropy", train, test, V, k), addk_reference(train, test, V, k),
                      f"addk_bigram_cross_entropy with V={V}, k={k:.3f}, {len(train)} training and {len(test)} test sequences",
                      tol=1e-9)


# --- q6: parameters of a decoder-only language model -------------------------------------------------------------------------
def lm_param_reference(vocab, d, heads, d_ff, layers, context, tied, bias):
    ln = 2 * d if bias else d
    block = 2 * ln + 4 * d * d + (4 * d if bias else 0) + 2 * d * d_ff + ((d_ff + d) if bias else 0)
    head = (0 if tied else vocab * d) + (vocab if bias else 0)
    return vocab * d + context * d + layers * block + ln + head


@question("q6")
def q6(student, rng):
    for tied, bias in [(False, True), (True, True), (False, False), (bool(rng.random() < 0.5), bool(rng.random() < 0.5))]:
        heads = int(rng.choice([1, 2, 3, 4, 6, 8]))
        d = heads * int(rng.integers(1, 33))
        args = (int(rng.integers(5, 5000)), d, heads, int(rng.integers(1, 5)) * d, int(rng.integers(1, 13)), int(rng.integers(8, 1025)))
        got = student.call("lm_param_count", *args, tied=tied, bias=bias)
        expect.integer(got, lm_param_reference(*args, tied, bias),
                       f"lm_param_count(vocab={args[0]}, d={d}, heads={heads}, d_ff={args[3]}, layers={args[4]}, "
                       f"context={args[5]}, tied={tied}, bias={bias})")


# --- q7: importance by deletion -------------------------------------------------------------------------------------------------
def bag_probability(ids, E, W, b, target):
    z = E[ids].mean(0) @ W + b
    p = np.exp(z - z.max())
    return p[target] / p.sum()


def deletion_reference(ids, E, W, b, target):
    full = bag_probability(ids, E, W, b, target)
    return np.array([full - bag_probability(np.delete(ids, i), E, W, b, target) for i in range(len(ids))])


@question("q7")
def q7(student, rng):
    for _ in range(3):
        V, d, C, n = int(rng.integers(3, 30)), int(rng.integers(1, 9)), int(rng.integers(2, 7)), int(rng.integers(2, 12))
        ids = rng.integers(0, V, size=n)
        E, W, b = rng.normal(size=(V, d)) * 2, rng.normal(size=(d, C)) * 2, rng.normal(size=C)
        target = int(rng.integers(0, C))
        expect.array(student.call("deletion_importance", ids, E, W, b, target), deletion_reference(ids, E, W, b, target),
                     f"deletion_importance for {n} characters, vocabulary {V}, {C} classes", rtol=1e-9, atol=1e-12)


# --- q8: attention rollout --------------------------------------------------------------------------------------------------------
def rollout_reference(A, residual):
    A = A.mean(axis=1)
    n = A.shape[-1]
    R = np.eye(n)
    for layer in A:
        R = (residual * np.eye(n) + (1 - residual) * layer) @ R
    return R


@question("q8")
def q8(student, rng):
    for residual in (0.5, float(rng.uniform(0, 0.9)), 0.0):
        L, H, n = int(rng.integers(2, 6)), int(rng.integers(1, 5)), int(rng.integers(2, 9))
        S = rng.normal(size=(L, H, n, n)) * 2
        A = np.exp(S) / np.exp(S).sum(-1, keepdims=True)
        expect.array(student.call("attention_rollout", A, residual=residual), rollout_reference(A, residual),
                     f"attention_rollout for {L} layers, {H} heads, {n} positions, residual {residual:.3f}",
                     rtol=1e-9, atol=1e-12)


written("w1")
written("w2")


if __name__ == "__main__":   # the references against PyTorch (run by hand: python grading/07_ch7_sequences.py)
    import torch
    import torch.nn as nn
    import torch.nn.functional as F

    rng = np.random.default_rng(0)
    T, d, h = 7, 3, 4
    W_ih, W_hh, b_ih, b_hh = _rnn_weights(rng, d, h, 2.0)
    x, h0 = rng.normal(size=(T, d)), rng.normal(size=h)
    for t in range(T + 1):
        def last(ht):
            for s in range(t, T):
                ht = torch.tanh(torch.tensor(x[s]) @ torch.tensor(W_ih).T + torch.tensor(b_ih) + ht @ torch.tensor(W_hh).T + torch.tensor(b_hh))
            return ht
        ht = torch.tensor(rnn_states(x, h0, W_ih, W_hh, b_ih, b_hh)[t])
        J = torch.autograd.functional.jacobian(last, ht).numpy()
        assert np.allclose(J, state_jacobian_reference(x, h0, W_ih, W_hh, b_ih, b_hh, t), rtol=1e-10, atol=1e-13)
    rnn = nn.RNN(d, h).double()
    with torch.no_grad():
        for p, v in zip((rnn.weight_ih_l0, rnn.weight_hh_l0, rnn.bias_ih_l0, rnn.bias_hh_l0), (W_ih, W_hh, b_ih, b_hh)):
            p.copy_(torch.tensor(v))
    out, _ = rnn(torch.tensor(x), torch.tensor(h0)[None])
    assert np.allclose(out.detach().numpy(), np.stack(rnn_states(x, h0, W_ih, W_hh, b_ih, b_hh)[1:]), rtol=1e-12)
    gru = nn.GRU(3, 5).double()
    xg, hg = rng.normal(size=(6, 2, 3)), rng.normal(size=(2, 5))
    out, _ = gru(torch.tensor(xg), torch.tensor(hg)[None])
    ref = gru_reference(xg, hg, *(p.detach().numpy() for p in (gru.weight_ih_l0, gru.weight_hh_l0, gru.bias_ih_l0, gru.bias_hh_l0)))
    assert np.allclose(out.detach().numpy(), ref, rtol=1e-12, atol=1e-14)
    for kind in ("none", "causal", "padding"):
        Q, K, V, dO = rng.normal(size=(2, 5, 4)), rng.normal(size=(2, 5, 4)), rng.normal(size=(2, 5, 3)), rng.normal(size=(2, 5, 3))
        mask = _mask(rng, kind, 5, 5)
        ts = [torch.tensor(a, requires_grad=True) for a in (Q, K, V)]
        O = F.scaled_dot_product_attention(*ts, attn_mask=None if mask is None else torch.tensor(mask))
        (O * torch.tensor(dO)).sum().backward()
        for a, b in zip(attention_backward_reference(Q, K, V, dO, mask), ts):
            assert np.allclose(a, b.grad.numpy(), rtol=1e-10, atol=1e-12), kind
    for vocab, dm, heads, d_ff, layers, context, tied, bias in [(50, 16, 4, 32, 2, 20, False, True), (30, 12, 3, 24, 3, 9, True, False),
                                                                (7, 8, 2, 8, 1, 5, True, True)]:
        emb, pos = nn.Embedding(vocab, dm), nn.Embedding(context, dm)
        blocks = [nn.TransformerEncoderLayer(dm, heads, d_ff, norm_first=True, bias=bias) for _ in range(layers)]
        final, head = nn.LayerNorm(dm, bias=bias), nn.Linear(dm, vocab, bias=bias)
        if tied:
            head.weight = emb.weight
        params = {id(p): p.numel() for m in [emb, pos, final, head, *blocks] for p in m.parameters()}
        assert sum(params.values()) == lm_param_reference(vocab, dm, heads, d_ff, layers, context, tied, bias)
    print("grading/07_ch7_sequences.py: references agree with PyTorch")
