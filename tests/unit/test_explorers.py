"""Tests for dlcourse.explorers: the drawing functions and the widgets that wrap them."""
import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from dlcourse import activations as A  # noqa: E402
from dlcourse import explorers as E  # noqa: E402


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def test_draw_activations_plots_the_real_functions_and_values():
    result = E.draw_activations("tanh", "leaky_relu", z0=-2.0, alpha=0.2)
    assert result["values"]["tanh"] == pytest.approx((np.tanh(-2.0), 1 - np.tanh(-2.0) ** 2))
    assert result["values"]["leaky_relu"] == pytest.approx((-0.4, 0.2))
    left, right = result["figure"].axes
    curve = left.lines[0]
    np.testing.assert_allclose(curve.get_ydata(), np.tanh(curve.get_xdata()))
    derivative = right.lines[2]  # tanh: curve, marker; then leaky ReLU's curve
    np.testing.assert_allclose(derivative.get_ydata(),
                               A.leaky_relu_derivative(derivative.get_xdata(), alpha=0.2))


def test_draw_activations_rejects_unknown_names():
    with pytest.raises(ValueError, match="unknown activation"):
        E.draw_activations("swish", "relu")


def test_activation_explorer_updates_when_a_control_changes():
    w = E.activation_explorer(first="relu", second="sigmoid", z0=1.0)
    assert w.result["relu"] == pytest.approx((1.0, 1.0))
    assert w.result["sigmoid"][0] == pytest.approx(1 / (1 + np.exp(-1.0)))
    controls = {c.description: c for c in w.children[:-1]}
    controls["z"].value = -1.0
    assert w.result["relu"] == pytest.approx((0.0, 0.0))
    controls["second"].value = "gelu"
    assert set(w.result) == {"relu", "gelu"}
    assert w.result["gelu"][0] == pytest.approx(float(A.gelu(np.array(-1.0))))


def test_neuron_output_and_accuracy():
    X = np.array([[0.0, 0.0], [1.0, 1.0], [2.0, 0.0]])
    y = np.array([0, 1, 1])
    np.testing.assert_allclose(E.neuron_output(X, 1.0, 1.0, -1.0), A.sigmoid(np.array([-1.0, 1.0, 1.0])))
    assert E.neuron_accuracy(X, y, 1.0, 1.0, -1.0) == 1.0
    assert E.neuron_accuracy(X, y, -1.0, -1.0, 1.0) == 0.0


def test_boundary_line_lies_on_the_line_and_inside_the_box():
    line = E.boundary_line(1.0, 2.0, -1.0, (-2, 2), (-2, 2))
    assert line.shape == (2, 2)
    np.testing.assert_allclose(line @ np.array([1.0, 2.0]) - 1.0, 0.0, atol=1e-12)
    assert np.all(np.abs(line) <= 2)
    assert E.boundary_line(0.0, 0.0, 1.0, (-1, 1), (-1, 1)) is None  # no weights: no line
    assert E.boundary_line(1.0, 0.0, -10.0, (-1, 1), (-1, 1)) is None  # x1 = 10 is outside the box
    vertical = E.boundary_line(1.0, 0.0, -0.5, (-1, 1), (-1, 1))
    np.testing.assert_allclose(vertical[:, 0], 0.5)


def test_neuron_playground_redraws_with_the_sliders():
    rng = np.random.default_rng(0)
    X = np.r_[rng.normal(-2, 0.5, size=(20, 2)), rng.normal(2, 0.5, size=(20, 2))]
    y = np.r_[np.zeros(20, int), np.ones(20, int)]
    w = E.neuron_playground(X, y, w1=1.0, w2=1.0, b=0.0)
    assert w.result == 1.0
    sliders = {c.description: c for c in w.children[:-1]}
    assert set(sliders) == {"w1", "w2", "b"}
    sliders["w1"].value = -1.0
    sliders["w2"].value = -1.0
    assert w.result == 0.0
    sliders["b"].value = 20.0  # boundary far away: everything is called class 1
    assert w.result == 0.5


def test_draw_neuron_title_reports_accuracy():
    X = np.array([[0.0, 0.0], [1.0, 1.0]])
    result = E.draw_neuron(X, np.array([0, 1]), 1.0, 1.0, -1.0)
    assert result["accuracy"] == 1.0
    assert "accuracy 100.0%" in result["figure"].axes[0].get_title()
