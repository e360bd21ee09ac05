"""Judge's questions for exercises/06_ch6_training.ipynb (instructor only: never give this to students).

NumPy only. Every graph, activation, shape, probability, angle and block configuration is drawn here at
grading time. `python grading/06_ch6_training.py` checks the references of q2, q5, q6 and q9 against
PyTorch (torch.autograd, torch.nn.BatchNorm2d, torch.nn.functional.rms_norm, a torch.nn block built the
way torchvision builds ResNet's BasicBlock and Bottleneck).
"""
import numpy as np

from dlcourse.exercises import expect
from dlcourse.exercises.questions import question, written

NUMPY_ONLY = True
ANSWERS = ["topological_order", "graph_gradients", "preactivation_variances", "prior_bias", "rmsnorm_backward",
           "batchnorm2d_train", "dropout2d", "rotate_shift", "block_summary", "residual_backward"]


# --- q1, q2: a computation graph given as a dictionary ------------------------------------------------------
def _sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


def _evaluate(nodes):
    values = {}

    def value(name):
        if name not in values:
            op, *args = nodes[name]
            if op == "leaf":
                values[name] = float(args[0])
            else:
                a = [value(x) for x in args]
                values[name] = {"add": lambda: a[0] + a[1], "mul": lambda: a[0] * a[1], "pow": lambda: a[0] ** a[1],
                                "exp": lambda: np.exp(a[0]), "log": lambda: np.log(a[0]), "tanh": lambda: np.tanh(a[0]),
                                "sigmoid": lambda: _sigmoid(a[0])}[op]()
        return values[name]
    for name in nodes:
        value(name)
    return values


def topological_reference(nodes, root):
    order, seen = [], set()

    def visit(name):
        if name in seen:
            return
        seen.add(name)
        op, *args = nodes[name]
        if op != "leaf":
            for x in args:
                visit(x)
        order.append(name)
    visit(root)
    return order


def graph_gradients_reference(nodes, root):
    values, order = _evaluate(nodes), topological_reference(nodes, root)
    grad = {name: 0.0 for name in order}
    grad[root] = 1.0
    for name in reversed(order):
        op, *args = nodes[name]
        g, out = grad[name], values[name]
        if op == "leaf":
            continue
        a = [values[x] for x in args]
        if op == "add":
            local = [1.0, 1.0]
        elif op == "mul":
            local = [a[1], a[0]]
        elif op == "pow":
            local = [a[1] * a[0] ** (a[1] - 1), out * np.log(a[0])]
        else:
            local = [{"exp": out, "log": 1 / a[0], "tanh": 1 - out ** 2, "sigmoid": out * (1 - out)}[op]]
        for x, d in zip(args, local):
            grad[x] += g * float(d)
    return grad


def random_graph(rng, n_leaves, n_ops, n_unrelated=3):
    """A random expression DAG with shared subexpressions, plus nodes the root does not depend on; the
    dictionary's order is shuffled. Log and the base of pow only get positive nodes; values stay moderate."""
    names = [f"{c}{i}" for i, c in enumerate(rng.permutation(list("abcdefghijklmnopqrstuvwxyz")))]
    nodes, values, positive = {}, {}, []
    for i in range(n_leaves):
        nodes[names[i]] = ("leaf", float(rng.normal()))
    values.update({k: v[1] for k, v in nodes.items()})
    made = n_leaves
    while made < n_leaves + n_ops + n_unrelated:
        op = str(rng.choice(["add", "mul", "pow", "exp", "log", "tanh", "sigmoid", "sigmoid", "add", "mul"]))
        pool = list(nodes)
        recent = pool[-4:]
        pick = lambda: str(rng.choice(recent if rng.random() < 0.6 else pool))
        if op in ("log", "pow"):
            if not positive:
                continue
            args = [str(rng.choice(positive))] + ([pick()] if op == "pow" else [])
        elif op in ("add", "mul"):
            args = [pick(), pick()]
        else:
            args = [pick()]
        a = [values[x] for x in args]
        with np.errstate(all="ignore"):
            v = {"add": lambda: a[0] + a[1], "mul": lambda: a[0] * a[1], "pow": lambda: a[0] ** a[1],
                 "exp": lambda: np.exp(a[0]), "log": lambda: np.log(a[0]), "tanh": lambda: np.tanh(a[0]),
                 "sigmoid": lambda: _sigmoid(a[0])}[op]()
        if not np.isfinite(v) or abs(v) > 20 or (op == "log" and abs(v) > 5) or (op in ("pow", "exp", "sigmoid") and v < 1e-3):
            continue
        name = names[made % len(names)] + ("" if made < len(names) else str(made))
        nodes[name], values[name] = (op, *args), float(v)
        if op in ("exp", "sigmoid") or (op == "pow" and v > 0):
            positive.append(name)
        made += 1
    root = list(nodes)[n_leaves + n_ops - 1]
    keys = list(nodes)
    order = rng.permutation(len(keys))
    return {keys[i]: nodes[keys[i]] for i in order}, root


def _graphs(rng):
    yield random_graph(rng, 2, 3, 1)
    for index in range(4):
        for _ in range(100):      # the first of these has a power among the root's inputs
            nodes, root = random_graph(rng, int(rng.integers(2, 5)), int(rng.integers(6, 16)))
            if index or any(nodes[name][0] == "pow" for name in topological_reference(nodes, root)):
                break
        yield nodes, root


@question("q1")
def q1(student, rng):
    for nodes, root in _graphs(rng):
        want = topological_reference(nodes, root)
        got = student.call("topological_order", nodes, root)
        what = f"topological_order on a graph of {len(nodes)} nodes, root {root!r}"
        if not isinstance(got, list) or not all(isinstance(x, str) for x in got):
            raise expect.Wrong(f"{what}: expected a list of node names, got {expect.describe(got)}")
        if sorted(got) != sorted(want):
            raise expect.Wrong(f"{what}: expected each of the {len(want)} nodes the root depends on exactly once "
                               f"(itself included), got {len(got)} names {sorted(got)}")
        position = {name: i for i, name in enumerate(got)}
        for name in got:
            op, *args = nodes[name]
            for x in (args if op != "leaf" else []):
                if position[x] > position[name]:
                    raise expect.Wrong(f"{what}: {name!r} comes before its input {x!r}")


@question("q2")
def q2(student, rng):
    for nodes, root in _graphs(rng):
        want = graph_gradients_reference(nodes, root)
        got = student.call("graph_gradients", nodes, root)
        what = f"graph_gradients on a graph of {len(nodes)} nodes, root {root!r}"
        if not isinstance(got, dict):
            raise expect.Wrong(f"{what}: expected a dict, got {expect.describe(got)}")
        if set(got) != set(want):
            raise expect.Wrong(f"{what}: expected the keys {sorted(want)} (the nodes the root depends on, itself "
                               f"included), got {sorted(map(str, got))}")
        for name in want:
            expect.scalar(got[name], want[name], f"{what}: gradient of node {name!r}", tol=1e-8 * max(1.0, abs(want[name])))


# --- q3: the variance recursion --------------------------------------------------------------------------
def _second_moment(q, activation, alpha):
    if activation == "linear":
        return q
    if activation in ("relu", "leaky_relu"):
        return q * (1 + (alpha if activation == "leaky_relu" else 0.0) ** 2) / 2
    x, w = np.polynomial.hermite_e.hermegauss(160)
    f = np.tanh if activation == "tanh" else _sigmoid
    return float(np.sum(w * f(np.sqrt(q) * x) ** 2) / np.sqrt(2 * np.pi))


def variances_reference(q0, activation, weight_var, depth, alpha=0.01):
    q = [float(q0)]
    for _ in range(depth):
        q.append(weight_var * _second_moment(q[-1], activation, alpha))
    return np.array(q)


@question("q3")
def q3(student, rng):
    cases = [("relu", float(rng.uniform(1.5, 2.5)), 0.01), ("leaky_relu", float(rng.uniform(1, 3)), float(rng.uniform(0.05, 0.5))),
             ("tanh", float(rng.uniform(0.5, 3)), 0.01), ("sigmoid", float(rng.uniform(0.5, 16)), 0.01),
             ("linear", float(rng.uniform(0.8, 1.2)), 0.01)]
    for i in rng.permutation(len(cases)):
        activation, weight_var, alpha = cases[i]
        q0, depth = float(rng.uniform(0.1, 4)), int(rng.integers(3, 12))
        want = variances_reference(q0, activation, weight_var, depth, alpha)
        got = student.call("preactivation_variances", q0, activation, weight_var, depth, alpha=alpha)
        expect.array(got, want, f"preactivation_variances(q0={q0:.4f}, {activation!r}, weight_var={weight_var:.4f}, "
                     f"depth={depth}, alpha={alpha:.3f})", rtol=1e-6, atol=1e-12)


# --- q4: the initial-loss check on imbalanced classes ------------------------------------------------------
@question("q4")
def q4(student, rng):
    for _ in range(3):
        c = int(rng.integers(2, 12))
        p = rng.dirichlet(np.full(c, float(rng.uniform(0.3, 3))))
        p = np.maximum(p, 0.01)
        labels = rng.choice(c, size=int(rng.integers(200, 2000)), p=p / p.sum())
        labels[:c] = rng.permutation(c)
        labels = rng.permutation(labels)
        freq = np.bincount(labels, minlength=c) / len(labels)
        got = student.call("prior_bias", labels, c)
        what = f"prior_bias on {len(labels)} labels of {c} classes"
        if not isinstance(got, tuple) or len(got) != 2:
            raise expect.Wrong(f"{what}: expected a tuple (bias, loss), got {expect.describe(got)}")
        b, loss = got
        if not isinstance(b, np.ndarray) or b.shape != (c,) or b.dtype != np.float64:
            raise expect.Wrong(f"{what}: expected the bias as a float64 array of shape ({c},), got {expect.describe(b)}")
        sm = np.exp(b - b.max())
        expect.array(sm / sm.sum(), freq, f"{what}: softmax of your bias against the class frequencies", rtol=1e-8)
        expect.scalar(loss, float(-np.sum(freq * np.log(freq))), f"{what}: the initial loss", tol=1e-9)


# --- q5: RMSNorm backward ------------------------------------------------------------------------------------
def rmsnorm_reference(dY, X, gamma, eps):
    r = 1.0 / np.sqrt(np.mean(X * X, axis=-1, keepdims=True) + eps)
    xhat = X * r
    dxhat = dY * gamma
    dX = r * (dxhat - xhat * np.mean(dxhat * xhat, axis=-1, keepdims=True))
    dgamma = (dY * xhat).reshape(-1, X.shape[-1]).sum(axis=0)
    return dX, dgamma


@question("q5")
def q5(student, rng):
    for shape in [(int(rng.integers(2, 6)), int(rng.integers(2, 9))),
                  (int(rng.integers(1, 4)), int(rng.integers(2, 5)), int(rng.integers(3, 9)))]:
        X = rng.normal(float(rng.normal()), float(rng.uniform(0.5, 3)), size=shape)
        gamma, dY = rng.normal(size=shape[-1]), rng.normal(size=shape)
        eps = float(rng.choice([1e-6, 1e-5, 1e-2]))
        got = student.call("rmsnorm_backward", dY, X, gamma, eps)
        what = f"rmsnorm_backward for X of shape {shape}, eps {eps:g}"
        if not isinstance(got, tuple) or len(got) != 2:
            raise expect.Wrong(f"{what}: expected a tuple (dX, dgamma), got {expect.describe(got)}")
        for g, w, name in zip(got, rmsnorm_reference(dY, X, gamma, eps), ("dX", "dgamma")):
            expect.array(g, w, f"{what}: {name}", rtol=1e-7, atol=1e-10)


# --- q6: batch normalisation of images, training mode ----------------------------------------------------------
def batchnorm2d_reference(X, gamma, beta, running_mean, running_var, dY, momentum, eps):
    m = X.shape[0] * X.shape[2] * X.shape[3]
    mu = X.mean(axis=(0, 2, 3))
    var = X.var(axis=(0, 2, 3))
    r = 1 / np.sqrt(var + eps)
    xhat = (X - mu[None, :, None, None]) * r[None, :, None, None]
    Y = gamma[None, :, None, None] * xhat + beta[None, :, None, None]
    dbeta = dY.sum(axis=(0, 2, 3))
    dgamma = (dY * xhat).sum(axis=(0, 2, 3))
    dxhat = dY * gamma[None, :, None, None]
    dX = r[None, :, None, None] * (dxhat - dxhat.mean(axis=(0, 2, 3), keepdims=True)
                                   - xhat * (dxhat * xhat).mean(axis=(0, 2, 3), keepdims=True))
    new_mean = (1 - momentum) * running_mean + momentum * mu
    new_var = (1 - momentum) * running_var + momentum * var * m / (m - 1)
    return Y, dX, dgamma, dbeta, new_mean, new_var


@question("q6")
def q6(student, rng):
    for _ in range(2):
        shape = (int(rng.integers(1, 5)), int(rng.integers(1, 5)), int(rng.integers(1, 5)), int(rng.integers(2, 6)))
        c = shape[1]
        X = rng.normal(rng.normal(size=c)[None, :, None, None] * 3, rng.uniform(0.5, 4, size=c)[None, :, None, None], size=shape)
        args = (X, rng.normal(size=c), rng.normal(size=c), rng.normal(size=c), rng.uniform(0.5, 2, size=c),
                rng.normal(size=shape))
        momentum, eps = float(rng.uniform(0.05, 0.5)), float(rng.choice([1e-5, 1e-3]))
        got = student.call("batchnorm2d_train", *args, momentum=momentum, eps=eps)
        what = f"batchnorm2d_train for X of shape {shape}, momentum {momentum:.3f}, eps {eps:g}"
        if not isinstance(got, tuple) or len(got) != 6:
            raise expect.Wrong(f"{what}: expected a tuple of 6 arrays, got {expect.describe(got)}")
        names = ("Y", "dX", "dgamma", "dbeta", "new running_mean", "new running_var")
        for g, w, name in zip(got, batchnorm2d_reference(*args, momentum, eps), names):
            expect.array(g, w, f"{what}: {name}", rtol=1e-7, atol=1e-10)


# --- q7: channel dropout ------------------------------------------------------------------------------------------
def dropout2d_reference(x, dy, p, keep):
    if p >= 1:
        return np.zeros_like(x), np.zeros_like(dy)
    scale = keep[:, :, None, None] / (1 - p)
    return x * scale, dy * scale


@question("q7")
def q7(student, rng):
    for p in (float(rng.uniform(0.1, 0.9)), 0.0, 1.0, float(rng.uniform(0.1, 0.9))):
        shape = (int(rng.integers(1, 6)), int(rng.integers(1, 8)), int(rng.integers(1, 5)), int(rng.integers(1, 5)))
        x, dy = rng.normal(size=shape), rng.normal(size=shape)
        keep = np.ones(shape[:2], bool) if p == 0 else np.zeros(shape[:2], bool) if p == 1 else rng.random(shape[:2]) >= p
        got = student.call("dropout2d", x, dy, p, keep)
        what = f"dropout2d for x of shape {shape}, p = {p:.3f}"
        if not isinstance(got, tuple) or len(got) != 2:
            raise expect.Wrong(f"{what}: expected a tuple (y, dx), got {expect.describe(got)}")
        for g, w, name in zip(got, dropout2d_reference(x, dy, p, keep), ("y", "dx")):
            expect.array(g, w, f"{what}: {name}", rtol=1e-12, atol=0)


# --- q8: rotation and shift by inverse mapping ------------------------------------------------------------------------
def rotate_shift_reference(image, angle, shift):
    h, w = image.shape
    c = np.array([(h - 1) / 2, (w - 1) / 2])
    t = np.deg2rad(angle)
    R_inv = np.array([[np.cos(t), np.sin(t)], [-np.sin(t), np.cos(t)]])
    i, j = np.meshgrid(np.arange(h), np.arange(w), indexing="ij")
    q = np.stack([i, j], -1).reshape(-1, 2).astype(float)
    src = np.rint((q - c - np.asarray(shift, float)) @ R_inv.T + c).astype(int)
    ok = (src[:, 0] >= 0) & (src[:, 0] < h) & (src[:, 1] >= 0) & (src[:, 1] < w)
    out = np.zeros(h * w)
    out[ok] = image[src[ok, 0], src[ok, 1]]
    return out.reshape(h, w)


@question("q8")
def q8(student, rng):
    cases = [(0.0, (int(rng.integers(-3, 4)), int(rng.integers(-3, 4)))),
             (float(rng.uniform(-40, 40)), (0, 0)),
             (float(rng.uniform(-170, 170)), (int(rng.integers(-3, 4)), int(rng.integers(-3, 4)))),
             (float(rng.uniform(-20, 20)), (int(rng.integers(-2, 3)), int(rng.integers(-2, 3))))]
    for angle, shift in cases:
        h, w = int(rng.integers(4, 12)), int(rng.integers(4, 12))
        image = rng.uniform(0.1, 1, size=(h, w))
        expect.array(student.call("rotate_shift", image, angle, shift), rotate_shift_reference(image, angle, shift),
                     f"rotate_shift of a {h}x{w} image by {angle:.3f} degrees and shift {shift}", rtol=0, atol=0)


# --- q9: a residual block's shape and parameters -----------------------------------------------------------------------
def block_summary_reference(kind, c_in, planes, stride, h, w):
    conv = lambda a, b, k: a * b * k * k
    bn = lambda c: 2 * c
    if kind == "basic":
        c_out = planes
        n = conv(c_in, planes, 3) + bn(planes) + conv(planes, planes, 3) + bn(planes)
    else:
        c_out = 4 * planes
        n = conv(c_in, planes, 1) + bn(planes) + conv(planes, planes, 3) + bn(planes) + conv(planes, c_out, 1) + bn(c_out)
    if stride != 1 or c_in != c_out:
        n += conv(c_in, c_out, 1) + bn(c_out)
    return n, (c_out, (h - 1) // stride + 1, (w - 1) // stride + 1)


@question("q9")
def q9(student, rng):
    cases = [("basic", 1), ("basic", 2), ("bottleneck", 1), ("bottleneck", 2), (str(rng.choice(["basic", "bottleneck"])), 1)]
    for index, (kind, stride) in enumerate(cases):
        planes = int(rng.integers(2, 40))
        c_in = (planes if kind == "basic" else 4 * planes) if index == 4 else int(rng.integers(1, 100))
        h, w = int(rng.integers(3, 40)), int(rng.integers(3, 40))
        n, shape = block_summary_reference(kind, c_in, planes, stride, h, w)
        got = student.call("block_summary", kind, c_in, planes, stride, h, w)
        what = f"block_summary({kind!r}, c_in={c_in}, planes={planes}, stride={stride}, h={h}, w={w})"
        if not isinstance(got, tuple) or len(got) != 2:
            raise expect.Wrong(f"{what}: expected a tuple (parameters, output shape), got {expect.describe(got)}")
        expect.integer(got[0], n, f"{what}: trainable parameters")
        expect.int_tuple(got[1], shape, f"{what}: output shape")


# --- q10: a residual block's backward ------------------------------------------------------------------------------------
def residual_backward_reference(x, W1, b1, W2, b2, dy):
    z = x @ W1.T + b1
    a = np.maximum(z, 0)
    da = dy @ W2
    dz = da * (z > 0)
    return dy + dz @ W1, dz.T @ x, dz.sum(0), dy.T @ a, dy.sum(0)


@question("q10")
def q10(student, rng):
    for _ in range(3):
        n, d, hidden = int(rng.integers(1, 7)), int(rng.integers(1, 8)), int(rng.integers(1, 10))
        args = (rng.normal(size=(n, d)), rng.normal(size=(hidden, d)), rng.normal(size=hidden),
                rng.normal(size=(d, hidden)), rng.normal(size=d), rng.normal(size=(n, d)))
        got = student.call("residual_backward", *args)
        what = f"residual_backward with x of shape {(n, d)} and {hidden} hidden units"
        if not isinstance(got, tuple) or len(got) != 5:
            raise expect.Wrong(f"{what}: expected a tuple of 5 arrays, got {expect.describe(got)}")
        for g, w, name in zip(got, residual_backward_reference(*args), ("dx", "dW1", "db1", "dW2", "db2")):
            expect.array(g, w, f"{what}: {name}", rtol=1e-9, atol=1e-12)


written("w1")
written("w2")


if __name__ == "__main__":   # the references against PyTorch (run by hand: python grading/06_ch6_training.py)
    import torch
    import torch.nn as nn

    rng = np.random.default_rng(0)
    for _ in range(200):
        nodes, root = random_graph(rng, int(rng.integers(2, 5)), int(rng.integers(3, 16)))
        t = {}
        for name in topological_reference(nodes, root):
            op, *args = nodes[name]
            if op == "leaf":
                t[name] = torch.tensor(args[0], dtype=torch.float64, requires_grad=True)
            else:
                a = [t[x] for x in args]
                t[name] = {"add": lambda: a[0] + a[1], "mul": lambda: a[0] * a[1], "pow": lambda: a[0] ** a[1],
                           "exp": lambda: a[0].exp(), "log": lambda: a[0].log(), "tanh": lambda: a[0].tanh(),
                           "sigmoid": lambda: a[0].sigmoid()}[op]()
                t[name].retain_grad()
        t[root].backward()
        want = graph_gradients_reference(nodes, root)
        for name, g in want.items():
            tg = 1.0 if name == root else (t[name].grad.item() if t[name].grad is not None else 0.0)
            assert abs(tg - g) <= 1e-9 * max(1, abs(g)), (name, tg, g)
    X = rng.normal(size=(3, 4, 5))
    gamma, dY = rng.normal(size=5), rng.normal(size=(3, 4, 5))
    Xt, gt = torch.tensor(X, requires_grad=True), torch.tensor(gamma, requires_grad=True)
    (torch.nn.functional.rms_norm(Xt, (5,), gt, eps=1e-5) * torch.tensor(dY)).sum().backward()
    dX, dg = rmsnorm_reference(dY, X, gamma, 1e-5)
    assert np.allclose(dX, Xt.grad.numpy(), rtol=1e-10, atol=1e-12) and np.allclose(dg, gt.grad.numpy(), rtol=1e-10)
    X, dY = rng.normal(size=(2, 3, 4, 5)) * 2 + 1, rng.normal(size=(2, 3, 4, 5))
    bn = nn.BatchNorm2d(3, momentum=0.3, eps=1e-3).double()
    with torch.no_grad():
        bn.weight.copy_(torch.tensor(rng.normal(size=3)))
        bn.bias.copy_(torch.tensor(rng.normal(size=3)))
        bn.running_mean.copy_(torch.tensor(rng.normal(size=3)))
        bn.running_var.copy_(torch.tensor(rng.uniform(0.5, 2, size=3)))
    ref = batchnorm2d_reference(X, bn.weight.detach().numpy().copy(), bn.bias.detach().numpy().copy(),
                                bn.running_mean.numpy().copy(), bn.running_var.numpy().copy(), dY, 0.3, 1e-3)
    Xt = torch.tensor(X, requires_grad=True)
    Y = bn(Xt)
    (Y * torch.tensor(dY)).sum().backward()
    for a, b in zip(ref, (Y.detach(), Xt.grad, bn.weight.grad, bn.bias.grad, bn.running_mean, bn.running_var)):
        assert np.allclose(a, b.numpy(), rtol=1e-10, atol=1e-12)

    def torch_block(kind, c_in, planes, stride):
        c_out = planes if kind == "basic" else 4 * planes
        if kind == "basic":
            body = [nn.Conv2d(c_in, planes, 3, stride, 1, bias=False), nn.BatchNorm2d(planes), nn.ReLU(),
                    nn.Conv2d(planes, planes, 3, 1, 1, bias=False), nn.BatchNorm2d(planes)]
        else:
            body = [nn.Conv2d(c_in, planes, 1, bias=False), nn.BatchNorm2d(planes), nn.ReLU(),
                    nn.Conv2d(planes, planes, 3, stride, 1, bias=False), nn.BatchNorm2d(planes), nn.ReLU(),
                    nn.Conv2d(planes, c_out, 1, bias=False), nn.BatchNorm2d(c_out)]
        short = [nn.Conv2d(c_in, c_out, 1, stride, bias=False), nn.BatchNorm2d(c_out)] if stride != 1 or c_in != c_out else []
        return nn.Sequential(*body), nn.Sequential(*short)
    for kind, c_in, planes, stride, h, w in [("basic", 3, 8, 2, 9, 10), ("basic", 8, 8, 1, 5, 5), ("bottleneck", 16, 4, 1, 7, 6),
                                             ("bottleneck", 5, 3, 2, 11, 8)]:
        body, short = torch_block(kind, c_in, planes, stride)
        y = body(torch.zeros(1, c_in, h, w))
        n = sum(p.numel() for p in list(body.parameters()) + list(short.parameters()))
        assert (n, tuple(y.shape[1:])) == block_summary_reference(kind, c_in, planes, stride, h, w)
    x, dy = rng.normal(size=(4, 3, 6, 6)), rng.normal(size=(4, 3, 6, 6))
    keep = rng.random((4, 3)) >= 0.4
    y, dx = dropout2d_reference(x, dy, 0.4, keep)
    assert np.allclose(y, x * np.repeat(np.repeat(keep[:, :, None, None], 6, 2), 6, 3) / 0.6)
    print("grading/06_ch6_training.py: references agree with PyTorch")
