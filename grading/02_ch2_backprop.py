"""Judge's questions for exercises/02_ch2_backprop.ipynb (instructor only: never give this to students)."""
import numpy as np

from dlcourse.exercises import expect
from dlcourse.exercises.protocol import function_input
from dlcourse.exercises.questions import question

ANSWERS = ["dense_forward", "dense_backward", "relu_backward", "numerical_gradient", "two_layer_gradients"]


def _shape(rng, low=1, high=8, n=3):
    return tuple(int(v) for v in rng.integers(low, high, size=n))


@question("q1")
def q1(student, rng):
    X = np.array([[1.0, 2.0]])
    W = np.array([[1.0, 0.0, -1.0], [0.5, 2.0, 1.0]])
    b = np.array([0.0, 1.0, 0.0])
    expect.array(student.call("dense_forward", X, W, b), X @ W + b, "dense_forward for one example")
    n, d_in, d_out = _shape(rng)
    X, W, b = rng.normal(size=(n, d_in)), rng.normal(size=(d_in, d_out)), rng.normal(size=d_out)
    expect.array(student.call("dense_forward", X, W, b), X @ W + b, f"dense_forward on a random {n}x{d_in} batch")


@question("q2")
def q2(student, rng):
    for n, d_in, d_out in [(2, 2, 3), _shape(rng)]:
        X, W, dY = rng.normal(size=(n, d_in)), rng.normal(size=(d_in, d_out)), rng.normal(size=(n, d_out))
        got = student.call("dense_backward", dY, X, W)
        what = f"dense_backward for a {n}x{d_in} batch and {d_out} outputs"
        if not isinstance(got, tuple) or len(got) != 3:
            raise expect.Wrong(f"{what}: expected a tuple (dX, dW, db), got {expect.describe(got)}")
        expect.array(got[0], dY @ W.T, f"dX of {what}")
        expect.array(got[1], X.T @ dY, f"dW of {what}")
        expect.array(got[2], dY.sum(axis=0), f"db of {what}")


@question("q3")
def q3(student, rng):
    Z, dA = rng.normal(size=(4, 6)), rng.normal(size=(4, 6))
    Z[0, :3] = 0.0
    for z, da, what in [(np.array([[-1.0, 0.0, 4.0]]), np.array([[1.0, 2.0, 3.0]]), "relu_backward(dA=[1, 2, 3], Z=[-1, 0, 4])"),
                        (Z, dA, "relu_backward on random arrays with zeros in Z")]:
        expect.array(student.call("relu_backward", da, z), da * (z > 0), what)


@question("q4")
def q4(student, rng):
    x = np.array([1.0, -2.0, 3.0])
    cases = [(function_input("sum_squares"), x, 2 * x, "numerical_gradient of sum(x**2) at [1, -2, 3]")]
    A, v = rng.normal(size=(3, 4)), rng.normal(size=(4, 2))
    cases.append((function_input("sum_sin_matmul", A), v, A.T @ np.cos(A @ v), "numerical_gradient of sum(sin(A @ x))"))
    for f, point, gradient, what in cases:
        got, after = student.call("numerical_gradient", f, point.copy(), return_args=True)
        expect.array(got, gradient, what, atol=1e-6)
        expect.array(after[1], point, f"x after {what} (it must be left unchanged)", rtol=0, atol=0)


def _gradients(X, y, W1, b1, W2, b2):
    Z1 = X @ W1 + b1
    A1 = np.maximum(Z1, 0)
    d = 2 * (A1 @ W2 + b2 - y) / y.size
    dZ1 = (d @ W2.T) * (Z1 > 0)
    return {"W1": X.T @ dZ1, "b1": dZ1.sum(0), "W2": A1.T @ d, "b2": d.sum(0)}


@question("q5")
def q5(student, rng):
    for n, d_in, d_hidden, d_out in [(8, 4, 6, 3), tuple(int(v) for v in rng.integers(2, 9, size=4))]:
        X, y = rng.normal(size=(n, d_in)), rng.normal(size=(n, d_out))
        params = (rng.normal(size=(d_in, d_hidden)), rng.normal(size=d_hidden),
                  rng.normal(size=(d_hidden, d_out)), rng.normal(size=d_out))
        got = student.call("two_layer_gradients", X, y, *params)
        what = f"two_layer_gradients for a {d_in}-{d_hidden}-{d_out} network"
        if not isinstance(got, dict) or set(got) != {"W1", "b1", "W2", "b2"}:
            raise expect.Wrong(f"{what}: expected a dict with keys W1, b1, W2, b2, got {expect.describe(got)}")
        for key, value in _gradients(X, y, *params).items():
            expect.array(got[key], value, f"d loss / d {key} of {what}")
