"""The course's questions tell right answers from the usual wrong ones (issue 17).

Each question's check runs here in-process against a stand-in for the sandbox that calls plain Python
functions, with every argument and result sent through the judge's wire format as in grading. The course's
solutions (taken from the source notebooks) pass every question whatever the seed; each wrong answer below,
a mistake students make or the chapter's version of a question that asks for more, fails its question.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

import nbformat
import numpy as np
import pytest

from dlcourse.exercises import expect, protocol, questions

REPO = Path(__file__).resolve().parents[2]
EXERCISES = questions.load_all(REPO / "grading")


class Student:
    """Calls functions of a namespace as the worker would, through the protocol's plain data."""

    def __init__(self, namespace: dict):
        self.namespace = namespace
        self.kept: list = []   # values kept in the "worker" by calls with keep=True

    def call(self, name, *args, return_args=False, keep=False, **kwargs):
        if isinstance(name, protocol.Ref):
            function, name = self.kept[name.id], name.type_name
        elif name in self.namespace:
            function = self.namespace[name]
        else:
            raise expect.Wrong(f"`{name}` is not defined")
        blobs: list[bytes] = []
        sent = json.loads(json.dumps([protocol.encode_input(a, blobs) for a in args]))
        sent_kw = json.loads(json.dumps({k: protocol.encode_input(v, blobs) for k, v in kwargs.items()}))
        args = [protocol.decode(a, blobs, functions=True) for a in sent]
        kwargs = {k: protocol.decode(v, blobs, functions=True) for k, v in sent_kw.items()}
        try:
            result = function(*args, **kwargs)
        except Exception as error:  # noqa: BLE001 - as the worker reports it
            raise expect.Wrong(f"{name}(...) raised {type(error).__name__}: {error}") from None
        if keep:
            self.kept.append(result)
            return protocol.Ref(len(self.kept) - 1, callable(result), type(result).__name__)
        out: list[bytes] = []
        value = protocol.decode(json.loads(json.dumps(protocol.encode(result, out))), out)
        if return_args:
            back = [protocol.decode(json.loads(json.dumps(protocol.encode(a, out))), out) for a in args]
            return value, back
        return value

    def get(self, name):
        return self.namespace[name]


def solutions(stem: str) -> dict:
    """The namespace of the source notebook's code cells (solutions), without the public tests and the
    cells that train or plot."""
    nb = nbformat.read(REPO / "exercises" / "source" / f"{stem}.ipynb", as_version=4)
    namespace: dict = {}
    inside_tests = False
    for cell in nb.cells:
        if cell.cell_type == "raw":
            inside_tests = cell.source.startswith("# BEGIN TESTS") or (inside_tests and not cell.source.startswith("# END TESTS"))
            continue
        if cell.cell_type != "code" or inside_tests or "notebook_grader" in cell.source:
            continue
        if cell.source.lstrip().startswith(("def ", "import torch", "from dlcourse import config")) or "\ndef " in cell.source:
            exec(compile(cell.source, stem, "exec"), namespace)  # noqa: S102 - the course's own solutions
    return namespace


def grade(stem: str, name: str, namespace: dict, seed: int = 0) -> str | None:
    """None when the question passes, else its message."""
    q = next(q for q in EXERCISES[stem].questions if q.name == name)
    try:
        q.check(Student(namespace), np.random.default_rng([seed, 7]))
    except expect.Wrong as wrong:
        return str(wrong)
    return None


CHEAP = [(stem, q.name) for stem, ex in EXERCISES.items() for q in ex.graded if (stem, q.name) != ("04_ch4_cnn", "q5")]


@pytest.fixture(scope="module")
def namespaces():
    import sys

    floatx = sys.modules["keras"].config.floatx() if "keras" in sys.modules else None
    yield {stem: solutions(stem) for stem in EXERCISES}
    if "keras" in sys.modules:  # Exercises 5 sets Keras to float64 for the whole process: put it back
        sys.modules["keras"].config.set_floatx(floatx or "float32")


@pytest.mark.parametrize("stem, name", CHEAP)
def test_the_solutions_pass_for_any_seed(namespaces, stem, name):
    for seed in range(3):
        assert grade(stem, name, namespaces[stem], seed) is None, (stem, name, seed)


def _with(namespace: dict, **functions) -> dict:
    return {**namespace, **functions}


def _sigmoid(z):
    return 1 / (1 + np.exp(-z))


WRONG = {
    "softplus that overflows": ("01_ch1_activations", "q2", lambda ns: _with(ns, softplus_and_derivative=lambda z: (np.log1p(np.exp(np.asarray(z, float))), _sigmoid(np.asarray(z, float))))),
    "two-layer collapse only": ("01_ch1_activations", "q4", lambda ns: _with(ns, collapse_linear=lambda layers: (layers[0][1] @ layers[-1][1], layers[0][2] @ layers[-1][1] + layers[-1][2]))),
    "batch norm without eps": ("01_ch1_activations", "q4", lambda ns: _with(ns, collapse_linear=lambda layers: ns["collapse_linear"]([l if l[0] == "dense" else l[:5] + (0.0,) for l in layers]))),
    "chain rule without the weights": ("01_ch1_activations", "q5", lambda ns: _with(ns, chain_gradient=lambda x, w, a: ns["chain_gradient"](x, w, a) / np.prod(w))),
    "dW of the chapter's layout": ("02_ch2_backprop", "q1", lambda ns: _with(ns, linear_backward=lambda dY, X, W: (dY @ W, X.reshape(-1, X.shape[-1]).T @ dY.reshape(-1, dY.shape[-1]), dY.reshape(-1, dY.shape[-1]).sum(0)))),
    "the chapter's unweighted BCE": ("02_ch2_backprop", "q2", lambda ns: _with(ns, weighted_bce_backward=lambda z, y, p: (_sigmoid(np.asarray(z, float)) - y) / np.size(z))),
    "forward differences": ("02_ch2_backprop", "q3", lambda ns: _with(ns, numerical_jacobian=lambda f, x, eps=1e-3: np.stack([(np.asarray(f(x + eps * np.eye(len(x))[j])) - np.asarray(f(x))) / eps for j in range(len(x))], 1))),
    "fancy-index += with repeats": ("02_ch2_backprop", "q5", lambda ns: _with(ns, embedding_backward=_fancy_add)),
    "smoothing over the other classes only": ("03_ch3_optimizers", "q1", lambda ns: _with(ns, label_smoothing_cross_entropy=_smooth_others)),
    "Nesterov ignored": ("03_ch3_optimizers", "q2", lambda ns: _with(ns, sgd_step=lambda w, g, buf, lr, momentum=0.0, weight_decay=0.0, nesterov=False: ns["sgd_step"](w, g, buf, lr, momentum, weight_decay, False))),
    "Adam with L2 instead of AdamW": ("03_ch3_optimizers", "q3", lambda ns: _with(ns, adamw_step=_adam_l2)),
    "w updated before b's gradient": ("03_ch3_optimizers", "q4", lambda ns: _with(ns, fit_line_gd=_sequential_gd)),
    "the momentum-free threshold": ("03_ch3_optimizers", "q5", lambda ns: _with(ns, largest_stable_lr=lambda x, momentum=0.0: ns["largest_stable_lr"](x))),
    "convolution without padding": ("04_ch4_cnn", "q1", lambda ns: _with(ns, conv2d=lambda x, w, b, stride=1, padding=0: ns["conv2d"](x, w, b, stride, 0))),
    "pool gradient overwritten, not added": ("04_ch4_cnn", "q2", lambda ns: _with(ns, max_pool2d_backward=_pool_overwrite)),
    "pooling counted as parameters": ("04_ch4_cnn", "q3", lambda ns: _with(ns, cnn_summary=lambda s, layers: (ns["cnn_summary"](s, layers)[0], ns["cnn_summary"](s, layers)[1] + 1))),
    "the buggy loop handed in": ("04_ch4_cnn", "q4", lambda ns: _with(ns, train_fixed=ns["train_buggy"])),
    "AR without an intercept": ("05_ch5_applications", "q1", lambda ns: _with(ns, ar_forecast=_ar_no_intercept)),
    "MF gradient with += on repeats": ("05_ch5_applications", "q2", lambda ns: _with(ns, mf_loss_and_gradients=_mf_fancy)),
    "standard deviation with ddof=0": ("05_ch5_applications", "q3", lambda ns: _with(ns, compare_epsilons=_compare_population_std(ns))),
    "symmetric int8 (the chapter's scheme)": ("05_ch5_applications", "q4", lambda ns: _with(ns, quantize_int8=_symmetric)),
    "cosine metric ignored": ("05_ch5_applications", "q5", lambda ns: _with(ns, prototype_classify=lambda sx, sy, qx, metric="euclidean": ns["prototype_classify"](sx, sy, qx))),
    "occlusion drop summed, not averaged": ("05_ch5_applications", "q6", lambda ns: _with(ns, occlusion_map=_occlusion_sum)),
}


def _fancy_add(d_out, indices, V):
    grad = np.zeros((V, d_out.shape[1]))
    grad[indices] += d_out
    return grad


def _smooth_others(z, y, s):
    z = np.asarray(z, float)
    m = z.max(1, keepdims=True)
    log_p = z - m - np.log(np.exp(z - m).sum(1, keepdims=True))
    q = np.full(z.shape, s / (z.shape[1] - 1))
    q[np.arange(len(y)), y] = 1 - s
    return float(np.mean(-(q * log_p).sum(1)))


def _adam_l2(w, grad, m, v, t, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8, weight_decay=0.01):
    grad = grad + weight_decay * w
    m = beta1 * m + (1 - beta1) * grad
    v = beta2 * v + (1 - beta2) * grad ** 2
    return w - lr * (m / (1 - beta1 ** t)) / (np.sqrt(v / (1 - beta2 ** t)) + eps), m, v


def _sequential_gd(x, y, lr, steps):
    w = b = 0.0
    for _ in range(steps):
        w -= lr * 2 * np.mean((w * x + b - y) * x)
        b -= lr * 2 * np.mean(w * x + b - y)
    return float(w), float(b)


def _pool_overwrite(dY, x, size=2, stride=2):
    dx = np.zeros_like(x)
    for c in range(x.shape[0]):
        for i in range(dY.shape[1]):
            for j in range(dY.shape[2]):
                window = x[c, i * stride:i * stride + size, j * stride:j * stride + size]
                a, b = np.unravel_index(np.argmax(window), window.shape)
                dx[c, i * stride + a, j * stride + b] = dY[c, i, j]
    return dx


def _ar_no_intercept(y, p, horizon):
    y = np.asarray(y, float)
    n = len(y)
    design = np.column_stack([y[p - i:n - i] for i in range(1, p + 1)])
    coef = np.linalg.lstsq(design, y[p:], rcond=None)[0]
    history = list(y)
    for _ in range(horizon):
        history.append(sum(coef[i - 1] * history[-i] for i in range(1, p + 1)))
    return np.array(history[n:])


def _mf_fancy(U, V, users, items, ratings, lam):
    error = np.sum(U[users] * V[items], axis=1) - ratings
    dU, dV = 2 * lam * U, 2 * lam * V
    dU[users] += 2 / len(ratings) * error[:, None] * V[items]
    dV[items] += 2 / len(ratings) * error[:, None] * U[users]
    return float(np.mean(error ** 2) + lam * (np.sum(U ** 2) + np.sum(V ** 2))), dU, dV


def _compare_population_std(ns):
    def compare(arm_means, epsilons, steps, seeds):
        rows = []
        for e in epsilons:
            finals = [ns["pseudo_regret"](arm_means, ns["epsilon_greedy"](arm_means, e, steps, s))[-1] for s in seeds]
            rows.append([np.mean(finals), np.std(finals)])  # ddof=0: not what the question asks
        return np.array(rows)
    return compare


def _symmetric(W):
    W = np.asarray(W, float)
    scale = float(np.abs(W).max() / 127) or 1.0
    return np.clip(np.round(W / scale), -127, 127).astype(np.int8), scale, 0


def _occlusion_sum(score, image, patch, stride, baseline=0.0):
    image = np.asarray(image, float)
    total = np.zeros_like(image)
    full = score(image)
    for i in range(0, image.shape[0] - patch + 1, stride):
        for j in range(0, image.shape[1] - patch + 1, stride):
            occluded = image.copy()
            occluded[i:i + patch, j:j + patch] = baseline
            total[i:i + patch, j:j + patch] += full - score(occluded)
    return total


@pytest.mark.parametrize("mistake", list(WRONG))
def test_the_usual_wrong_answers_fail(namespaces, mistake):
    stem, name, make = WRONG[mistake]
    with np.errstate(all="ignore"):
        message = grade(stem, name, make(namespaces[stem]))
    assert message is not None, f"{mistake}: {stem} {name} passed"


def test_epsilon_greedy_that_never_explores_fails(namespaces):
    ns = namespaces["05_ch5_applications"]
    greedy = _with(ns, epsilon_greedy=lambda means, epsilon, steps, seed: ns["epsilon_greedy"](means, 0.0, steps, seed))
    assert "epsilon = 1" in grade("05_ch5_applications", "q3", greedy)


def _apps():
    import importlib.util

    spec = importlib.util.spec_from_file_location("grading_apps", REPO / "grading" / "05_ch5_applications.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("bugs, left", [(dict(leak=True, shifted=True, relu_out=True), 3),
                                        (dict(leak=True), 1), (dict(shifted=True), 1), (dict(relu_out=True), 1),
                                        (dict(leak=True, relu_out=True), 2)])
def test_the_forecasting_pipeline_with_bugs_left_fails_and_says_how_many(namespaces, bugs, left):
    apps = _apps()
    ns = namespaces["05_ch5_applications"]
    partly = _with(ns, forecast_fixed=lambda *args: apps.pipeline_reference(*args, **bugs))
    message = grade("05_ch5_applications", "q7", partly)
    counts = re.search(r"with (\d)(?: or (\d))? of its 3 bugs", message or "")
    assert counts, message
    low, high = int(counts[1]), int(counts[2] or counts[1])   # "1 or 2" where a dead ReLU output hides a bug
    assert low <= left <= high, message


def test_the_notebooks_buggy_pipeline_fails_question_7(namespaces):
    ns = namespaces["05_ch5_applications"]
    message = grade("05_ch5_applications", "q7", _with(ns, forecast_fixed=ns["forecast_buggy"]))
    assert message is not None and "bugs" in message, message


def _ar_forecaster(train_series, lookback, seed=0):
    X = np.lib.stride_tricks.sliding_window_view(train_series[:-1], lookback)
    design = lambda W: np.column_stack([np.ones(len(W)), W])  # noqa: E731
    coef = np.linalg.lstsq(design(X), train_series[lookback:], rcond=None)[0]
    return lambda windows: design(np.asarray(windows, float)) @ coef


@pytest.mark.parametrize("name, forecaster", [
    ("naive", lambda train_series, lookback, seed=0: lambda windows: np.asarray(windows, float)[:, -1].copy()),
    ("least-squares AR with the same lookback", _ar_forecaster),
])
def test_the_baselines_do_not_reach_the_forecasting_target(namespaces, name, forecaster):
    message = grade("05_ch5_applications", "q8", _with(namespaces["05_ch5_applications"], train_forecaster=forecaster))
    assert message is not None and "above the target" in message, (name, message)


def test_float32_forecasts_are_accepted(namespaces):
    ns = namespaces["05_ch5_applications"]

    def float32_forecaster(train_series, lookback, seed=0):
        predict = ns["train_forecaster"](train_series, lookback, seed)
        return lambda windows: predict(windows).astype(np.float32)

    assert grade("05_ch5_applications", "q8", _with(ns, train_forecaster=float32_forecaster)) is None
