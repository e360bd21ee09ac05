"""Judge's questions for exercises/05_ch5_applications.ipynb (instructor only: never give this to students).

Question 5 trains the submission's classifier on MNIST training digits drawn for this submission and
measures it on digits of the official test split, which the sandbox does not have.
"""
import functools

import numpy as np

from dlcourse import data
from dlcourse.exercises import expect
from dlcourse.exercises.protocol import function_input
from dlcourse.exercises.questions import question

ANSWERS = ["softmax", "accuracy", "confusion_matrix", "dropout", "train_digit_classifier"]


def _softmax(z):
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


@question("q1")
def q1(student, rng):
    z = rng.normal(0, 5, size=(6, 10))
    for value, what in [(np.array([[0.0, 0.0], [0.0, np.log(3.0)]]), "softmax([[0, 0], [0, log 3]])"),
                        (np.array([[1000.0, 1000.0, 1000.0]]), "softmax([[1000, 1000, 1000]])"),
                        (z, "softmax of random scores"), (z - 3000.0, "softmax of random scores minus 3000")]:
        expect.array(student.call("softmax", value), _softmax(value), what)


@question("q2")
def q2(student, rng):
    a, b = rng.integers(0, 3, size=50), rng.integers(0, 3, size=50)
    for p, t, what in [(np.array([1, 2, 3, 4]), np.array([1, 2, 0, 4]), "accuracy([1, 2, 3, 4], [1, 2, 0, 4])"),
                       (a, b, "accuracy on random labels")]:
        expect.scalar(student.call("accuracy", p, t), float(np.mean(p == t)), what)


@question("q3")
def q3(student, rng):
    t, p = rng.integers(0, 4, size=200), rng.integers(0, 4, size=200)
    for true, pred, n, what in [(np.array([0, 0, 1, 2]), np.array([0, 1, 1, 2]), 3, "confusion_matrix([0, 0, 1, 2], [0, 1, 1, 2], 3)"),
                                (t, p, 5, "confusion_matrix on random labels with 5 classes")]:
        expected = np.array([[np.sum((true == i) & (pred == j)) for j in range(n)] for i in range(n)])
        expect.array(student.call("confusion_matrix", true, pred, n), expected, what, dtype="int")


@question("q4")
def q4(student, rng):
    a = rng.normal(size=(5, 7))
    seed = int(rng.integers(0, 2**31))
    for value, p, what in [(np.ones((2, 3)), 0.5, "dropout(ones((2, 3)), 0.5, rng)"),
                           (a, 0.2, "dropout(a, 0.2, rng) on a random 5x7 array"), (a, 0.0, "dropout(a, 0.0, rng)")]:
        keep = np.random.default_rng(seed).random(value.shape) >= p
        got = student.call("dropout", value, p, function_input("default_rng", seed))
        expect.array(got, value * keep / (1.0 - p), what)


@functools.lru_cache(maxsize=2)
def _split(split):
    return data.load("mnist", split, download=False)


@question("q5", time_limit=120)
def q5(student, rng):
    images, labels = _split("train")
    train = rng.choice(len(labels), size=4000, replace=False)
    test_images, test_labels = _split("test")
    test = rng.choice(len(test_labels), size=3000, replace=False)
    X = images[train].reshape(len(train), -1) / 255.0
    Xt = test_images[test].reshape(len(test), -1) / 255.0
    model = student.call("train_digit_classifier", X, labels[train], seed=int(rng.integers(0, 1000)), keep=True)
    if not getattr(model, "callable", False):
        raise expect.Wrong(f"train_digit_classifier should return a function predict(X_new), got {expect.describe(model)}")
    predicted = student.call(model, Xt)
    expect.array(predicted, test_labels[test], "predict(X) on 3,000 held-out digits", dtype="int", atol=np.inf)
    accuracy = float(np.mean(predicted == test_labels[test]))
    if accuracy < 0.90:
        raise expect.Wrong(f"accuracy on 3,000 held-out digits: {accuracy:.3f}, below the target of 0.90")
