"""Judge's questions for exercises/03_ch3_optimizers.ipynb (instructor only: never give this to students).

NumPy only. Hyperparameters, data and step counts are drawn here at grading time. The optimizer steps
follow PyTorch's documented algorithms (torch.optim.SGD with dampening 0, torch.optim.AdamW);
tests/unit/test_exercises_references.py checks these references against PyTorch itself.
"""
import numpy as np

from dlcourse.exercises import expect
from dlcourse.exercises.questions import question, written

NUMPY_ONLY = True
ANSWERS = ["label_smoothing_cross_entropy", "sgd_step", "adamw_step", "fit_line_gd", "largest_stable_lr"]


def label_smoothing_ce(z, y, smoothing):
    m = z.max(axis=1, keepdims=True)
    log_p = z - m - np.log(np.exp(z - m).sum(axis=1, keepdims=True))
    nll = -log_p[np.arange(len(y)), y]
    return float(np.mean((1 - smoothing) * nll - smoothing * log_p.mean(axis=1)))


@question("q1")
def q1(student, rng):
    n, c = int(rng.integers(2, 9)), int(rng.integers(2, 8))
    z, y = rng.normal(0, 3, size=(n, c)), rng.integers(0, c, size=n)
    for logits, s, what in [(z, 0.0, "label_smoothing_cross_entropy with smoothing 0"),
                            (z, float(rng.uniform(0.05, 0.3)), "label_smoothing_cross_entropy on random logits"),
                            (z * 300 + 4000.0, float(rng.uniform(0.05, 0.3)), "label_smoothing_cross_entropy with logits in the thousands")]:
        expect.scalar(student.call("label_smoothing_cross_entropy", logits, y, s), label_smoothing_ce(logits, y, s),
                      f"{what} (smoothing {s:.3f})", tol=1e-6 * max(1.0, abs(label_smoothing_ce(logits, y, s))))


def sgd_reference(w, grad, buf, lr, momentum, weight_decay, nesterov):
    g = grad + weight_decay * w
    buf = momentum * buf + g
    g = g + momentum * buf if nesterov else buf
    return w - lr * g, buf


def _steps(student, name, rng, settings, make_state, reference, n_steps, shape):
    """Run the student's step and the reference side by side for n_steps; compare every returned array."""
    w = rng.normal(size=shape)
    state, expected = make_state(w), make_state(w)
    for step in range(1, n_steps + 1):
        g = rng.normal(size=shape)
        got = student.call(name, *state(step, g), **settings)
        want = reference(*expected(step, g), **settings)
        if not isinstance(got, tuple) or len(got) != len(want):
            raise expect.Wrong(f"{name}: expected a tuple of {len(want)} arrays, got {expect.describe(got)}")
        for index, (a, b) in enumerate(zip(got, want)):
            expect.array(a, b, f"{name} ({settings}): returned value {index + 1} after {step} steps", atol=1e-10)
        state.update(got)
        expected.update(want)


class _State:
    def __init__(self, w, extra, with_t=False):
        self.values, self.with_t = [w.copy()] + [np.zeros_like(w) for _ in range(extra)], with_t

    def __call__(self, step, g):
        return (self.values[0], g, *self.values[1:], step) if self.with_t else (self.values[0], g, *self.values[1:])

    def update(self, values):
        self.values = list(values)


@question("q2")
def q2(student, rng):
    for nesterov in (False, True):
        settings = dict(lr=float(rng.uniform(0.01, 0.2)), momentum=float(rng.uniform(0.5, 0.95)),
                        weight_decay=float(rng.choice([0.0, rng.uniform(1e-3, 0.1)])), nesterov=nesterov)
        _steps(student, "sgd_step", rng, settings, lambda w: _State(w, 1), sgd_reference, 4, (3, 2))
    settings = dict(lr=0.1, momentum=0.0, weight_decay=float(rng.uniform(0.01, 0.1)), nesterov=False)
    _steps(student, "sgd_step", rng, settings, lambda w: _State(w, 1), sgd_reference, 2, (4,))


def adamw_reference(w, grad, m, v, t, lr, beta1, beta2, eps, weight_decay):
    w = w * (1 - lr * weight_decay)
    m = beta1 * m + (1 - beta1) * grad
    v = beta2 * v + (1 - beta2) * grad ** 2
    return w - lr * (m / (1 - beta1 ** t)) / (np.sqrt(v / (1 - beta2 ** t)) + eps), m, v


@question("q3")
def q3(student, rng):
    settings = dict(lr=float(rng.uniform(1e-3, 0.05)), beta1=float(rng.uniform(0.8, 0.95)),
                    beta2=float(rng.uniform(0.95, 0.999)), eps=float(rng.choice([1e-8, 1e-6])),
                    weight_decay=float(rng.uniform(0.01, 0.5)))
    _steps(student, "adamw_step", rng, settings, lambda w: _State(w, 2, with_t=True), adamw_reference, 6, (5,))


def fit_line_reference(x, y, lr, steps):
    w = b = 0.0
    for _ in range(steps):
        e = w * x + b - y
        w, b = w - lr * 2 * np.mean(e * x), b - lr * 2 * np.mean(e)
    return float(w), float(b)


@question("q4")
def q4(student, rng):
    n = int(rng.integers(20, 200))
    x = rng.uniform(-2, 2, size=n)
    y = float(rng.normal(0, 2)) * x + float(rng.normal(0, 2)) + rng.normal(0, 0.3, size=n)
    for lr, steps in [(float(rng.uniform(0.01, 0.1)), int(rng.integers(1, 4))), (float(rng.uniform(0.01, 0.1)), int(rng.integers(50, 300)))]:
        got = student.call("fit_line_gd", x, y, lr, steps)
        what = f"fit_line_gd on {n} points, lr={lr:.4f}, {steps} steps"
        if not isinstance(got, tuple) or len(got) != 2:
            raise expect.Wrong(f"{what}: expected a tuple (w, b) of floats, got {expect.describe(got)}")
        w, b = fit_line_reference(x, y, lr, steps)
        expect.scalar(got[0], w, f"w of {what}", tol=1e-9 * max(1, abs(w)))
        expect.scalar(got[1], b, f"b of {what}", tol=1e-9 * max(1, abs(b)))


def largest_stable_lr_reference(x, momentum=0.0):
    """2 (1 + momentum) / lambda_max of the MSE's curvature: above it, (heavy-ball, PyTorch-style) gradient
    descent diverges along the steepest direction."""
    n = len(x)
    H = 2.0 / n * np.array([[np.sum(x * x), np.sum(x)], [np.sum(x), n]])
    return float(2.0 * (1.0 + momentum) / np.linalg.eigvalsh(H).max())


@question("q5")
def q5(student, rng):
    cases = [(-1.0, 1.0, 0.0), (0.0, float(rng.uniform(20, 200)), float(rng.uniform(0.5, 0.95))),
             (float(rng.uniform(-5, 5)), float(rng.uniform(6, 10)), float(rng.uniform(0.1, 0.5)))]
    for low, high, momentum in cases:
        x = rng.uniform(low, high, size=int(rng.integers(10, 300)))
        expected = largest_stable_lr_reference(x, momentum)
        expect.scalar(student.call("largest_stable_lr", x, momentum=momentum), expected,
                      f"largest_stable_lr for {len(x)} x values in [{low:.3g}, {high:.3g}], momentum {momentum:.3f}",
                      tol=1e-7 * expected)


written("w1")
written("w2")
