"""Judge's questions for exercises/04_ch4_cnn.ipynb (instructor only: never give this to students)."""
import numpy as np

from dlcourse.exercises import expect
from dlcourse.exercises.questions import question

ANSWERS = ["conv_output_size", "conv2d", "max_pool2d", "conv_params", "feature_shape", "total_params"]


@question("q1")
def q1(student, rng):
    cases = [(28, 3, 1, 0), (28, 5, 1, 2), (7, 3, 2, 0), (224, 7, 2, 3), (10, 4, 3, 0), (5, 5, 1, 0)]
    for _ in range(4):
        n, s, p = int(rng.integers(4, 64)), int(rng.integers(1, 4)), int(rng.integers(0, 4))
        cases.append((n, int(rng.integers(1, n + 1)), s, p))
    for n, k, s, p in cases:
        expect.integer(student.call("conv_output_size", n, k, stride=s, padding=p), (n + 2 * p - k) // s + 1,
                       f"conv_output_size({n}, {k}, stride={s}, padding={p})")


def _conv2d(x, k):
    window = np.lib.stride_tricks.sliding_window_view(x, k.shape)
    return np.einsum("ijab,ab->ij", window, k)


@question("q2")
def q2(student, rng):
    cases = [(np.arange(16.0).reshape(4, 4), np.array([[1.0, 0.0], [0.0, -1.0]]))]
    h, w = (int(v) for v in rng.integers(5, 12, size=2))
    cases.append((rng.normal(size=(h, w)), rng.normal(size=(int(rng.integers(1, 4)), int(rng.integers(1, 4))))))
    for x, k in cases:
        expect.array(student.call("conv2d", x, k), _conv2d(x, k),
                     f"conv2d on a {x.shape[0]}x{x.shape[1]} input with a {k.shape[0]}x{k.shape[1]} kernel")


def _pool(x, size):
    h, w = x.shape[0] // size, x.shape[1] // size
    return x[:h * size, :w * size].reshape(h, size, w, size).max(axis=(1, 3))


@question("q3")
def q3(student, rng):
    x = rng.normal(size=tuple(int(v) for v in rng.integers(7, 16, size=2)))
    for value, size in [(np.arange(16.0).reshape(4, 4), 2), (x, 2), (x, 3)]:
        expect.array(student.call("max_pool2d", value, size=size), _pool(value, size),
                     f"max_pool2d on a {value.shape[0]}x{value.shape[1]} input, size={size}")


@question("q4")
def q4(student, rng):
    cases = [(1, 1, 3), (1, 32, 3), (32, 64, 3)] + [tuple(int(v) for v in rng.integers(1, 65, size=2)) + (int(rng.integers(1, 8)),)
                                                   for _ in range(3)]
    for i, o, k in cases:
        expect.integer(student.call("conv_params", i, o, k), (k * k * i + 1) * o, f"conv_params({i}, {o}, {k})")


@question("q5")
def q5(student, rng):
    expect.int_tuple(student.get("feature_shape"), (3, 3, 64), "feature_shape")


@question("q6")
def q6(student, rng):
    expect.integer(student.get("total_params"), 93322, "total_params")
