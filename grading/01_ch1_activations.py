"""Judge's questions for exercises/01_ch1_activations.ipynb (instructor only: never give this to students)."""
import numpy as np

from dlcourse.exercises import expect
from dlcourse.exercises.questions import question

ANSWERS = ["sigmoid_derivative", "relu_derivative", "tanh_derivative", "n_params", "collapse_linear"]


def _sigmoid_derivative(z):
    s = 0.5 * (1.0 + np.tanh(0.5 * z))
    return s * (1.0 - s)


@question("q1")
def q1(student, rng):
    cases = [(np.array([-2.0, 0.0, 3.0]), "sigmoid_derivative([-2, 0, 3])", 1e-8),
             (np.array([-800.0, 800.0]), "sigmoid_derivative([-800, 800])", 1e-12),
             (rng.normal(0, 4, size=(4, 5)), "sigmoid_derivative on a random 4x5 array", 1e-8),
             (rng.normal(0, 30, size=(2, 3, 2)), "sigmoid_derivative on a random 2x3x2 array with large values", 1e-8)]
    for z, what, atol in cases:
        expect.array(student.call("sigmoid_derivative", z), _sigmoid_derivative(z), what, atol=atol)


@question("q2")
def q2(student, rng):
    z = rng.normal(size=(3, 4, 2))
    z[0, 0, 0] = 0.0
    z[2, 1, 1] = -0.0
    for value, what in [(np.array([-1.0, 0.0, 2.5]), "relu_derivative([-1, 0, 2.5])"),
                        (z, "relu_derivative on a random 3x4x2 array with zeros")]:
        expect.array(student.call("relu_derivative", value), (value > 0).astype(float), what)


@question("q3")
def q3(student, rng):
    for z, what in [(np.array([0.0, 1.0, -2.0]), "tanh_derivative([0, 1, -2])"),
                    (rng.normal(0, 3, size=(6,)), "tanh_derivative on random values"),
                    (np.array([1000.0, -1000.0]), "tanh_derivative([1000, -1000])")]:
        expect.array(student.call("tanh_derivative", z), 1.0 - np.tanh(z) ** 2, what)


@question("q4")
def q4(student, rng):
    expect.integer(student.get("n_params"), 61, "n_params")


@question("q5")
def q5(student, rng):
    for shapes in [(4, 7, 3), tuple(int(v) for v in rng.integers(1, 9, size=3))]:
        d_in, d_hidden, d_out = shapes
        W1, b1 = rng.normal(size=(d_in, d_hidden)), rng.normal(size=d_hidden)
        W2, b2 = rng.normal(size=(d_hidden, d_out)), rng.normal(size=d_out)
        what = f"collapse_linear for layers {d_in}-{d_hidden}-{d_out}"
        got = student.call("collapse_linear", W1, b1, W2, b2)
        if not isinstance(got, (tuple, list)) or len(got) != 2:
            raise expect.Wrong(f"{what}: expected a tuple (W, b), got {expect.describe(got)}")
        expect.array(got[0], W1 @ W2, f"W of {what}")
        expect.array(got[1], b1 @ W2 + b2, f"b of {what}")
