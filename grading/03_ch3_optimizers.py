"""Judge's questions for exercises/03_ch3_optimizers.ipynb (instructor only: never give this to students)."""
import numpy as np

from dlcourse.exercises import expect
from dlcourse.exercises.questions import question

ANSWERS = ["mse_loss", "cross_entropy_from_logits", "momentum_step", "adam_step", "w_hat", "b_hat"]


@question("q1")
def q1(student, rng):
    cases = [(np.array([1.0, 2.0, 3.0]), np.array([1.0, 0.0, 4.0]), "mse_loss([1, 2, 3], [1, 0, 4])")]
    a, b = rng.normal(size=(7, 3)), rng.normal(size=(7, 3))
    cases.append((a, b, "mse_loss on random 7x3 arrays"))
    for p, y, what in cases:
        expect.scalar(student.call("mse_loss", p, y), float(np.mean((p - y) ** 2)), what)


def _cross_entropy(z, y):
    m = z.max(axis=1, keepdims=True)
    return float(np.mean(m[:, 0] + np.log(np.exp(z - m).sum(axis=1)) - z[np.arange(len(y)), y]))


@question("q2")
def q2(student, rng):
    z, y = rng.normal(0, 3, size=(9, 5)), rng.integers(0, 5, size=9)
    cases = [(np.array([[0.0, 0.0]]), np.array([1]), "cross_entropy_from_logits([[0, 0]], [1])"),
             (np.array([[1000.0, 0.0], [0.0, 1000.0]]), np.array([0, 0]), "cross_entropy_from_logits with logits of 1000"),
             (z, y, "cross-entropy on random logits"),
             (z + 5000.0, y, "cross-entropy with 5000 added to every logit")]
    for logits, labels, what in cases:
        expect.scalar(student.call("cross_entropy_from_logits", logits, labels), _cross_entropy(logits, labels), what)


@question("q3")
def q3(student, rng):
    w, v = rng.normal(size=(3, 2)), np.zeros((3, 2))
    ew, ev = w.copy(), v.copy()
    for step in range(5):
        g = rng.normal(size=(3, 2))
        sent = (w, g, v)
        got, after = student.call("momentum_step", w, g, v, lr=0.05, beta=0.8, return_args=True)
        if not isinstance(got, tuple) or len(got) != 2:
            raise expect.Wrong(f"momentum_step: expected a tuple (w, velocity), got {expect.describe(got)}")
        for name, before, now in zip(("w", "grad", "velocity"), sent, after):
            expect.array(now, before, f"the {name} given to momentum_step (it must not be modified)", rtol=0, atol=0)
        w, v = got
        ev = 0.8 * ev + g
        ew = ew - 0.05 * ev
        expect.array(w, ew, f"w after {step + 1} momentum steps")
        expect.array(v, ev, f"velocity after {step + 1} momentum steps")


@question("q4")
def q4(student, rng):
    w, m, v = rng.normal(size=4), np.zeros(4), np.zeros(4)
    ew, em, ev = w.copy(), m.copy(), v.copy()
    for t in range(1, 8):
        g = rng.normal(size=4)
        got = student.call("adam_step", w, g, m, v, t, lr=0.01, beta1=0.8, beta2=0.99, eps=1e-6)
        if not isinstance(got, tuple) or len(got) != 3:
            raise expect.Wrong(f"adam_step: expected a tuple (w, m, v), got {expect.describe(got)}")
        w, m, v = got
        em = 0.8 * em + 0.2 * g
        ev = 0.99 * ev + 0.01 * g ** 2
        ew = ew - 0.01 * (em / (1 - 0.8 ** t)) / (np.sqrt(ev / (1 - 0.99 ** t)) + 1e-6)
        for name, value, expected in (("w", w, ew), ("m", m, em), ("v", v, ev)):
            expect.array(value, expected, f"{name} after {t} Adam steps")


@question("q5")
def q5(student, rng):
    data = np.random.default_rng(3)  # the notebook's own data: 200 points of y = 2x + 1 + noise
    x = data.uniform(-1, 1, size=200)
    y = 2 * x + 1 + data.normal(0, 0.1, size=200)
    w, b = np.linalg.lstsq(np.stack([x, np.ones_like(x)], 1), y, rcond=None)[0]
    expect.scalar(student.get("w_hat"), float(w), "w_hat (compared with least squares)", tol=1e-3)
    expect.scalar(student.get("b_hat"), float(b), "b_hat (compared with least squares)", tol=1e-3)
