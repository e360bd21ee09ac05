"""Judge's questions for exercises/02_ch2_backprop.ipynb (instructor only: never give this to students).

NumPy only. Shapes, depths, functions and indices are drawn here at grading time.
"""
import numpy as np

from dlcourse.exercises import expect
from dlcourse.exercises.protocol import function_input
from dlcourse.exercises.questions import question, written

NUMPY_ONLY = True
ANSWERS = ["linear_backward", "weighted_bce_backward", "numerical_jacobian", "mlp_gradients", "embedding_backward"]


def _tuple(got, n, what, names):
    if not isinstance(got, tuple) or len(got) != n:
        raise expect.Wrong(f"{what}: expected a tuple ({', '.join(names)}), got {expect.describe(got)}")
    return got


@question("q1")
def q1(student, rng):
    for lead in [(int(rng.integers(1, 6)),), tuple(int(v) for v in rng.integers(1, 5, size=2))]:
        d_in, d_out = (int(v) for v in rng.integers(1, 7, size=2))
        X, W, dY = rng.normal(size=lead + (d_in,)), rng.normal(size=(d_out, d_in)), rng.normal(size=lead + (d_out,))
        what = f"linear_backward for X of shape {X.shape} and W of shape {W.shape}"
        dX, dW, db = _tuple(student.call("linear_backward", dY, X, W), 3, what, ("dX", "dW", "db"))
        flat_X, flat_dY = X.reshape(-1, d_in), dY.reshape(-1, d_out)
        expect.array(dX, dY @ W, f"dX of {what}")
        expect.array(dW, flat_dY.T @ flat_X, f"dW of {what}")
        expect.array(db, flat_dY.sum(axis=0), f"db of {what}")


def _softmax(z):
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def _ce_grad(z, y):
    g = _softmax(z)
    g[np.arange(len(y)), y] -= 1.0
    return g / len(y)


def weighted_bce_grad(z, y, pos_weight):
    """d/dz of mean(-(pos_weight * y * log sigmoid(z) + (1 - y) * log(1 - sigmoid(z)))), PyTorch's
    BCEWithLogitsLoss(pos_weight=...)."""
    s = 0.5 * (1.0 + np.tanh(0.5 * z))
    return (pos_weight * y * (s - 1.0) + (1.0 - y) * s) / z.size


@question("q2")
def q2(student, rng):
    shape = tuple(int(v) for v in rng.integers(2, 7, size=2))
    z = rng.normal(0, 3, size=shape)
    for y, pos_weight, logits, what in [
            (rng.integers(0, 2, size=shape).astype(float), float(rng.uniform(1.5, 6)), z, "0/1 labels"),
            (rng.uniform(0, 1, size=shape), float(rng.uniform(0.2, 0.9)), z, "soft labels"),
            (rng.integers(0, 2, size=shape).astype(float), float(rng.uniform(1.5, 6)), z * 400, "logits in the hundreds and thousands")]:
        expect.array(student.call("weighted_bce_backward", logits, y, pos_weight), weighted_bce_grad(logits, y, pos_weight),
                     f"weighted_bce_backward on a {shape[0]}x{shape[1]} batch of {what}, pos_weight {pos_weight:.3f}",
                     atol=1e-12)


@question("q3")
def q3(student, rng):
    m, n = (int(v) for v in rng.integers(2, 6, size=2))
    A = rng.normal(size=(m, n))
    x = rng.normal(size=n)
    y = rng.normal(size=int(rng.integers(2, 6)))
    for f, point, jacobian, what in [
            (function_input("tanh_matmul", A), x, (1 - np.tanh(A @ x) ** 2)[:, None] * A, f"numerical_jacobian of tanh(A @ x), A {m}x{n}"),
            (function_input("cube"), y, np.diag(3 * y ** 2), f"numerical_jacobian of x**3 at {y.size} points")]:
        got, after = student.call("numerical_jacobian", f, point.copy(), return_args=True)
        expect.array(got, jacobian, what, rtol=1e-5, atol=1e-6)
        expect.array(after[1], point, f"x after {what} (it must be left unchanged)", rtol=0, atol=0)


def _mlp_gradients(X, y, Ws, bs):
    acts, pre = [X], []
    for index, (W, b) in enumerate(zip(Ws, bs)):
        z = acts[-1] @ W + b
        pre.append(z)
        acts.append(np.maximum(z, 0) if index < len(Ws) - 1 else z)
    d = _ce_grad(acts[-1], y)
    dWs, dbs = [None] * len(Ws), [None] * len(Ws)
    for index in reversed(range(len(Ws))):
        dWs[index], dbs[index] = acts[index].T @ d, d.sum(axis=0)
        if index:
            d = (d @ Ws[index].T) * (pre[index - 1] > 0)
    return dWs, dbs


@question("q4")
def q4(student, rng):
    for depth in [1, 2, int(rng.integers(3, 5))]:
        dims = [int(v) for v in rng.integers(2, 7, size=depth + 1)]
        n = int(rng.integers(3, 9))
        X, y = rng.normal(size=(n, dims[0])), rng.integers(0, dims[-1], size=n)
        Ws = [rng.normal(size=(a, b)) for a, b in zip(dims[:-1], dims[1:])]
        bs = [rng.normal(0, 0.5, size=b) for b in dims[1:]]
        what = f"mlp_gradients for layer sizes {'-'.join(map(str, dims))}"
        got = student.call("mlp_gradients", X, y, Ws, bs)
        if not isinstance(got, tuple) or len(got) != 2 or not all(isinstance(g, list) and len(g) == depth for g in got):
            raise expect.Wrong(f"{what}: expected a tuple (list of {depth} dW, list of {depth} db), got {expect.describe(got)}")
        for index, (dW, db) in enumerate(zip(*_mlp_gradients(X, y, Ws, bs))):
            expect.array(got[0][index], dW, f"dW of layer {index + 1}, {what}")
            expect.array(got[1][index], db, f"db of layer {index + 1}, {what}")


@question("q5")
def q5(student, rng):
    vocab, dim, n = int(rng.integers(4, 12)), int(rng.integers(1, 6)), int(rng.integers(8, 20))
    indices = rng.integers(0, vocab // 2, size=n)  # repeats guaranteed
    indices[0] = indices[1]
    d_out = rng.normal(size=(n, dim))
    expected = np.zeros((vocab, dim))
    np.add.at(expected, indices, d_out)
    expect.array(student.call("embedding_backward", d_out, indices, vocab), expected,
                 f"embedding_backward for {n} indices (some repeated) into a vocabulary of {vocab}")
    expect.array(student.call("embedding_backward", d_out[:1], indices[:1], vocab), expected * 0 + np.eye(vocab)[indices[0]][:, None] * d_out[0],
                 "embedding_backward for one index")


written("w1")
written("w2")
