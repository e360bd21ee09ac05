"""Judge's questions for exercises/04_ch4_cnn.ipynb (instructor only: never give this to students).

Questions 1-3 are NumPy only (answered in a sandbox without PyTorch or the course's modules); 4 and 5
use PyTorch. Sizes, strides, paddings, architectures, data, initial weights and seeds are drawn here at
grading time. Question 4 reruns the student's fixed training loop on data drawn here and compares every
trained parameter with a correct loop run in this process; question 5 trains the student's CNN on MNIST
training digits drawn here and measures it on digits of the official test split, which the sandbox does
not have.
"""
import functools

import numpy as np

from dlcourse import data
from dlcourse.exercises import expect
from dlcourse.exercises.questions import question, written

NUMPY_ONLY = True
ANSWERS = ["conv2d", "max_pool2d_backward", "cnn_summary", "train_fixed", "train_cnn"]
CNN_TARGET = 0.92          # held-out accuracy; the course's solution reached 0.940-0.949 over 6 draws of the digits and seed
CNN_TRAIN, CNN_TEST = 2000, 2000


def conv2d_reference(x, w, b, stride=1, padding=0):
    xp = np.pad(x, ((0, 0), (padding, padding), (padding, padding)))
    _, _, kh, kw = w.shape
    h, wd = (xp.shape[1] - kh) // stride + 1, (xp.shape[2] - kw) // stride + 1
    windows = np.lib.stride_tricks.sliding_window_view(xp, (kh, kw), axis=(1, 2))[:, ::stride, ::stride][:, :h, :wd]
    return np.einsum("chwij,ocij->ohw", windows, w) + b[:, None, None]


@question("q1")
def q1(student, rng):
    cases = [(1, 1, 5, 5, 3, 3, 1, 0)]
    for _ in range(4):
        c_in, c_out = int(rng.integers(1, 4)), int(rng.integers(1, 5))
        kh, kw = int(rng.integers(1, 5)), int(rng.integers(1, 5))
        stride, padding = int(rng.integers(1, 4)), int(rng.integers(0, 3))
        h, w = int(rng.integers(max(kh, 4), 13)), int(rng.integers(max(kw, 4), 13))
        cases.append((c_in, c_out, h, w, kh, kw, stride, padding))
    for c_in, c_out, h, w, kh, kw, stride, padding in cases:
        x, k, b = rng.normal(size=(c_in, h, w)), rng.normal(size=(c_out, c_in, kh, kw)), rng.normal(size=c_out)
        expect.array(student.call("conv2d", x, k, b, stride=stride, padding=padding), conv2d_reference(x, k, b, stride, padding),
                     f"conv2d of a {c_in}x{h}x{w} input with {c_out} kernels of {c_in}x{kh}x{kw}, stride {stride}, padding {padding}")


def max_pool_backward_reference(dY, x, size, stride):
    dx = np.zeros_like(x)
    for c in range(x.shape[0]):
        for i in range(dY.shape[1]):
            for j in range(dY.shape[2]):
                window = x[c, i * stride:i * stride + size, j * stride:j * stride + size]
                a, b = np.unravel_index(int(np.argmax(window)), window.shape)  # the first maximum, row by row
                dx[c, i * stride + a, j * stride + b] += dY[c, i, j]
    return dx


@question("q2")
def q2(student, rng):
    cases = []
    for size, stride in [(2, 2), (3, 1), (int(rng.integers(2, 4)), int(rng.integers(1, 3)))]:
        c, h, w = int(rng.integers(1, 4)), int(rng.integers(size + 1, 10)), int(rng.integers(size + 1, 10))
        cases.append((rng.normal(size=(c, h, w)), size, stride, "random"))
    cases.append((rng.integers(0, 3, size=(2, 6, 7)).astype(float), 3, 1, "small whole numbers (ties)"))
    for x, size, stride, kind in cases:
        out = ((x.shape[1] - size) // stride + 1, (x.shape[2] - size) // stride + 1)
        dY = rng.normal(size=(x.shape[0],) + out)
        expect.array(student.call("max_pool2d_backward", dY, x, size=size, stride=stride),
                     max_pool_backward_reference(dY, x, size, stride),
                     f"max_pool2d_backward for a {'x'.join(map(str, x.shape))} input of {kind}, size {size}, stride {stride}")


def cnn_summary_reference(input_shape, layers):
    shape, shapes, total = tuple(input_shape), [], 0
    for layer in layers:
        kind = layer[0]
        if kind == "conv":
            _, out, k, s, p = layer
            total += (k * k * shape[0] + 1) * out
            shape = (out, (shape[1] + 2 * p - k) // s + 1, (shape[2] + 2 * p - k) // s + 1)
        elif kind == "pool":
            _, size, s = layer
            shape = (shape[0], (shape[1] - size) // s + 1, (shape[2] - size) // s + 1)
        elif kind == "flatten":
            shape = (int(np.prod(shape)),)
        else:
            total += (shape[0] + 1) * layer[1]
            shape = (layer[1],)
        shapes.append(tuple(int(v) for v in shape))
    return shapes, int(total)


def _architecture(rng):
    shape = (int(rng.choice([1, 3])), int(rng.integers(16, 65)), int(rng.integers(16, 65)))
    layers, current = [], shape
    for _ in range(int(rng.integers(2, 6))):
        if rng.random() < 0.6:
            k, s, p = int(rng.choice([1, 3, 5, 7])), int(rng.integers(1, 3)), int(rng.integers(0, 3))
            layer = ("conv", int(rng.integers(2, 65)), k, s, p)
        else:
            size = int(rng.integers(2, 4))
            layer = ("pool", size, int(rng.integers(1, size + 1)))
        trial = cnn_summary_reference(current, [layer])[0][-1]
        if min(trial[1:]) >= 2:
            layers.append(layer)
            current = trial
    layers.append(("flatten",))
    for _ in range(int(rng.integers(1, 3))):
        layers.append(("dense", int(rng.integers(2, 129))))
    return shape, layers


@question("q3")
def q3(student, rng):
    for _ in range(3):
        shape, layers = _architecture(rng)
        shapes, total = cnn_summary_reference(shape, layers)
        what = f"cnn_summary({shape}, {layers})"
        got = student.call("cnn_summary", shape, layers)
        if not isinstance(got, tuple) or len(got) != 2 or not isinstance(got[0], list):
            raise expect.Wrong(f"{what}: expected a tuple (list of shapes, total parameters), got {expect.describe(got)}")
        if len(got[0]) != len(shapes):
            raise expect.Wrong(f"{what}: expected {len(shapes)} shapes (one per layer), got {len(got[0])}")
        for index, (g, e) in enumerate(zip(got[0], shapes)):
            expect.int_tuple(g, e, f"output shape of layer {index + 1} {layers[index]} in {what}")
        expect.integer(got[1], total, f"total parameters of {what}")


def make_model(params):
    """The bug-hunt model of question 4, from NumPy arrays (the notebook has the same function)."""
    import torch
    from torch import nn

    d_in, hidden, classes = params["W1"].shape[1], params["W1"].shape[0], params["W2"].shape[0]
    model = nn.Sequential(nn.Linear(d_in, hidden), nn.BatchNorm1d(hidden), nn.ReLU(), nn.Linear(hidden, classes)).double()
    with torch.no_grad():
        for name, key in [("0.weight", "W1"), ("0.bias", "b1"), ("1.weight", "gamma"), ("1.bias", "beta"),
                          ("3.weight", "W2"), ("3.bias", "b2")]:
            model.state_dict()[name].copy_(torch.from_numpy(np.asarray(params[key], dtype=np.float64)))
    return model


def train_reference(params, X, y, X_val, y_val, epochs, lr, batch_size):
    """The bug-hunt loop without its bugs."""
    import torch
    from torch import nn

    model = make_model(params)
    optimizer = torch.optim.SGD(model.parameters(), lr=lr)
    loss_fn = nn.CrossEntropyLoss()
    X, y = torch.from_numpy(X), torch.from_numpy(y)
    X_val, y_val = torch.from_numpy(X_val), torch.from_numpy(y_val)
    val_acc = []
    for _ in range(epochs):
        model.train()
        for start in range(0, len(X), batch_size):
            xb, yb = X[start:start + batch_size], y[start:start + batch_size]
            optimizer.zero_grad()
            loss = loss_fn(model(xb), yb)
            loss.backward()
            optimizer.step()
        model.eval()
        with torch.no_grad():
            val_acc.append(float((model(X_val).argmax(dim=1) == y_val).double().mean()))
    state = {k: v.detach().numpy().copy() for k, v in model.state_dict().items() if not k.endswith("num_batches_tracked")}
    return state, val_acc


def bug_hunt_data(rng, n_train, n_val, d_in, classes):
    centres = rng.normal(0, 1.5, size=(classes, d_in))
    def draw(n):
        labels = rng.integers(0, classes, size=n)
        return centres[labels] + rng.normal(size=(n, d_in)), labels.astype(np.int64)
    (X, y), (X_val, y_val) = draw(n_train), draw(n_val)
    return X, y, X_val, y_val


@question("q4", numpy_only=False, time_limit=30)
def q4(student, rng):
    import torch

    torch.set_num_threads(1)
    d_in, hidden, classes = int(rng.integers(3, 9)), int(rng.integers(6, 17)), int(rng.integers(2, 5))
    batch = int(rng.integers(8, 33))
    X, y, X_val, y_val = bug_hunt_data(rng, batch * int(rng.integers(4, 9)), 64, d_in, classes)
    params = {"W1": rng.normal(0, 1 / np.sqrt(d_in), size=(hidden, d_in)), "b1": rng.normal(0, 0.1, size=hidden),
              "gamma": rng.uniform(0.5, 1.5, size=hidden), "beta": rng.normal(0, 0.1, size=hidden),
              "W2": rng.normal(0, 1 / np.sqrt(hidden), size=(classes, hidden)), "b2": rng.normal(0, 0.1, size=classes)}
    epochs, lr = int(rng.integers(2, 4)), float(rng.uniform(0.05, 0.3))
    what = f"train_fixed({epochs} epochs, lr {lr:.3f}, batches of {batch}, {len(y)} examples of {d_in} features, {classes} classes)"
    got = student.call("train_fixed", params, X, y, X_val, y_val, epochs, lr, batch)
    state, val_acc = train_reference(params, X, y, X_val, y_val, epochs, lr, batch)
    if not isinstance(got, tuple) or len(got) != 2 or not isinstance(got[0], dict):
        raise expect.Wrong(f"{what}: expected a tuple (state, val_acc) as the buggy loop returns, got {expect.describe(got)}")
    for key, value in state.items():
        if key not in got[0]:
            raise expect.Wrong(f"{what}: the returned state has no {key!r}")
        expect.array(got[0][key], value, f"{key} after {what}", rtol=1e-6, atol=1e-8)
    if not isinstance(got[1], list) or len(got[1]) != epochs:
        raise expect.Wrong(f"{what}: expected a list of {epochs} validation accuracies, got {expect.describe(got[1])}")
    for epoch, (g, e) in enumerate(zip(got[1], val_acc)):
        expect.scalar(g, e, f"validation accuracy after epoch {epoch + 1} of {what}", tol=1e-9)


@functools.lru_cache(maxsize=2)
def _split(split):
    return data.load("mnist", split, download=False)


@question("q5", numpy_only=False, time_limit=150)
def q5(student, rng):
    images, labels = _split("train")
    train = rng.choice(len(labels), size=CNN_TRAIN, replace=False)
    test_images, test_labels = _split("test")
    test = rng.choice(len(test_labels), size=CNN_TEST, replace=False)
    X = (images[train][:, None] / 255.0).astype(np.float32)
    Xt = (test_images[test][:, None] / 255.0).astype(np.float32)
    model = student.call("train_cnn", X, labels[train].astype(np.int64), seed=int(rng.integers(0, 1000)), keep=True)
    if not getattr(model, "callable", False):
        raise expect.Wrong(f"train_cnn should return a function predict(X_new), got {expect.describe(model)}")
    predicted = student.call(model, Xt)
    expect.array(predicted, test_labels[test], f"predict(X) on {CNN_TEST:,} held-out digits", dtype="int", atol=np.inf)
    accuracy = float(np.mean(predicted == test_labels[test]))
    if accuracy < CNN_TARGET:
        raise expect.Wrong(f"accuracy on {CNN_TEST:,} held-out digits: {accuracy:.3f}, below the target of {CNN_TARGET:.2f}")


written("w1")
written("w2")
