"""Judge's questions for exercises/01_ch1_activations.ipynb (instructor only: never give this to students).

NumPy only. Every input is drawn here at grading time (shapes, activation, depth, weights, layer sizes),
so no number printed in the chapter or remembered from a classmate passes.
"""
import numpy as np

from dlcourse.exercises import expect
from dlcourse.exercises.questions import question, written

NUMPY_ONLY = True
ANSWERS = ["silu_derivative", "softplus_and_derivative", "n_params", "collapse_linear", "chain_gradient"]


def _sigmoid(z):
    return 0.5 * (1.0 + np.tanh(0.5 * z))


def _silu_derivative(z):
    s = _sigmoid(z)
    return s * (1.0 + z * (1.0 - s))


@question("q1")
def q1(student, rng):
    cases = [(rng.normal(0, 3, size=(4, 5)), "silu_derivative on a random 4x5 array", 1e-8),
             (np.array([-800.0, -40.0, 0.0, 40.0, 800.0]), "silu_derivative([-800, -40, 0, 40, 800])", 1e-10),
             (rng.normal(0, 50, size=(2, 3, 2)), "silu_derivative on a random 2x3x2 array with large values", 1e-8)]
    for z, what, atol in cases:
        expect.array(student.call("silu_derivative", z), _silu_derivative(z), what, atol=atol)


@question("q2")
def q2(student, rng):
    for z, what in [(rng.normal(0, 4, size=(3, 4)), "softplus_and_derivative on a random 3x4 array"),
                    (np.concatenate([rng.uniform(-5000, -700, 3), rng.uniform(700, 5000, 3)]),
                     "softplus_and_derivative on values beyond +-700 (where exp overflows)")]:
        got = student.call("softplus_and_derivative", z)
        if not isinstance(got, tuple) or len(got) != 2:
            raise expect.Wrong(f"{what}: expected a tuple (softplus, derivative), got {expect.describe(got)}")
        expect.array(got[0], np.logaddexp(0.0, z), f"softplus of {what}", rtol=1e-9)
        expect.array(got[1], _sigmoid(z), f"derivative of {what}", atol=1e-12)


def _n_params(sizes, bias=True):
    return int(sum(a * b + (b if bias else 0) for a, b in zip(sizes[:-1], sizes[1:])))


@question("q3")
def q3(student, rng):
    cases = [([int(v) for v in rng.integers(1, 800, size=int(rng.integers(2, 7)))], True) for _ in range(3)]
    cases += [([int(v) for v in rng.integers(1, 50, size=4)], False), ([int(rng.integers(1, 100))] * 2, True)]
    for sizes, bias in cases:
        expect.integer(student.call("n_params", sizes, bias=bias), _n_params(sizes, bias),
                       f"n_params({sizes}, bias={bias})")


def _apply(layer, x):
    if layer[0] == "dense":
        return x @ layer[1] + layer[2]
    _, mean, var, gamma, beta, eps = layer
    return (x - mean) / np.sqrt(var + eps) * gamma + beta


def collapse_reference(layers, width):
    W, b = np.eye(width), np.zeros(width)
    for layer in layers:
        if layer[0] == "dense":
            W, b = W @ layer[1], b @ layer[1] + layer[2]
        else:
            _, mean, var, gamma, beta, eps = layer
            scale = gamma / np.sqrt(var + eps)
            W, b = W * scale, (b - mean) * scale + beta
    return W, b


def _stack(rng, depth):
    width = int(rng.integers(1, 6))
    first, layers = width, []
    kinds = ["batchnorm" if i == 1 else str(rng.choice(["dense", "batchnorm"])) for i in range(depth)]
    for kind in kinds:
        if kind == "dense":
            out = int(rng.integers(1, 6))
            layers.append(("dense", rng.normal(size=(width, out)), rng.normal(size=out)))
            width = out
        else:
            layers.append(("batchnorm", rng.normal(size=width), rng.uniform(0.1, 3, size=width),
                           rng.normal(1, 0.3, size=width), rng.normal(size=width), float(rng.choice([1e-5, 1e-3]))))
    return first, layers


@question("q4")
def q4(student, rng):
    for depth in [2, 3, int(rng.integers(4, 8))]:
        width, layers = _stack(rng, depth)
        W, b = collapse_reference(layers, width)
        names = "-".join(layer[0] for layer in layers)
        what = f"collapse_linear for {names} (input width {width})"
        got = student.call("collapse_linear", layers)
        if not isinstance(got, (tuple, list)) or len(got) != 2:
            raise expect.Wrong(f"{what}: expected a tuple (W, b), got {expect.describe(got)}")
        expect.array(got[0], W, f"W of {what}")
        expect.array(got[1], b, f"b of {what}")


def _chain_gradient(x, weights, activation):
    a, grad = np.asarray(x, dtype=float), np.ones_like(np.asarray(x, dtype=float))
    for w in weights:
        z = w * a
        if activation == "sigmoid":
            a = _sigmoid(z)
            slope = a * (1 - a)
        elif activation == "tanh":
            a = np.tanh(z)
            slope = 1 - a ** 2
        else:
            a = np.maximum(z, 0)
            slope = (z > 0).astype(float)
        grad = grad * w * slope
    return grad


@question("q5")
def q5(student, rng):
    for activation in ("sigmoid", "tanh", "relu"):
        depth = int(rng.integers(2, 25))
        weights = [float(w) for w in rng.normal(0, 1.5, size=depth)]
        if activation == "relu":
            weights = [abs(w) + 0.1 for w in weights]
        x = rng.normal(0, 1, size=6)
        x[0] = abs(x[0]) + 0.1
        expect.array(student.call("chain_gradient", x, weights, activation), _chain_gradient(x, weights, activation),
                     f"chain_gradient through {depth} {activation} layers", rtol=1e-6, atol=1e-12)


written("w1")
written("w2")
