"""Interactive explorers (ipywidgets) for chapter 1.

* :func:`activation_explorer` compares two activation functions and their derivatives; it is used on the
  page "Activation functions" (``chapters/ch1_what_is_deep_learning/02_activation_functions.ipynb``).
* :func:`neuron_playground` lets a reader set the two weights and the bias of a single neuron and see its
  decision boundary over real data points; it is used on the page "Neuron playground"
  (``chapters/ch1_what_is_deep_learning/04_neuron_playground.ipynb``).

Each explorer is a thin ``widgets.interactive`` wrapper around a plain drawing function
(:func:`draw_activations`, :func:`draw_neuron`) that can be called without widgets, and both return a small
dict of the numbers they show, so that the widgets are testable. The explorers are created with fixed
initial values so that the saved widget state shows a meaningful figure on the static page.
"""
from __future__ import annotations

import numpy as np

from dlcourse.activations import ACTIVATIONS, sigmoid

ACTIVATION_LABELS = {
    "sigmoid": "sigmoid",
    "tanh": "tanh",
    "relu": "ReLU",
    "leaky_relu": "leaky ReLU",
    "gelu": "GELU",
}


def _evaluate(name: str, z: np.ndarray, alpha: float):
    f, d = ACTIVATIONS[name]
    if name == "leaky_relu":
        return f(z, alpha=alpha), d(z, alpha=alpha)
    return f(z), d(z)


def draw_activations(first: str = "relu", second: str = "sigmoid", z0: float = 1.0, alpha: float = 0.1,
                     z_range: tuple[float, float] = (-5.0, 5.0), fig=None):
    """Plot two activations (left) and their derivatives (right), with both evaluated at ``z0``.

    ``alpha`` is the negative slope used when one of them is leaky ReLU. Returns a dict with the values
    ``{name: (f(z0), f'(z0))}`` that the figure annotates, and the figure under the key ``"figure"``.
    """
    import matplotlib.pyplot as plt

    for name in (first, second):
        if name not in ACTIVATIONS:
            raise ValueError(f"unknown activation {name!r}; choose from {sorted(ACTIVATIONS)}")
    if fig is None:
        fig = plt.figure(figsize=(10, 3.6))
    axes = fig.subplots(1, 2)
    z = np.linspace(z_range[0], z_range[1], 401)
    values = {}
    for name, style in ((first, "-"), (second, "--")):
        f_z, d_z = _evaluate(name, z, alpha)
        f_0, d_0 = (float(v[0]) for v in _evaluate(name, np.array([z0], dtype=float), alpha))
        values[name] = (f_0, d_0)
        label = ACTIVATION_LABELS[name]
        line, = axes[0].plot(z, f_z, style, lw=2, label=label)
        axes[1].plot(z, d_z, style, lw=2, color=line.get_color(), label=label)
        axes[0].plot([z0], [f_0], "o", color=line.get_color())
        axes[1].plot([z0], [d_0], "o", color=line.get_color())
    for ax, title, ylabel in ((axes[0], "Activation $f(z)$", "$f(z)$"),
                              (axes[1], "Derivative $f'(z)$", "$f'(z)$")):
        ax.axvline(z0, color="grey", lw=0.8, ls=":")
        ax.axhline(0, color="black", lw=0.5)
        ax.set_title(title)
        ax.set_xlabel("pre-activation $z$")
        ax.set_ylabel(ylabel)
        ax.grid(alpha=0.3)
        ax.legend(loc="upper left")
    text = "   ".join(f"{ACTIVATION_LABELS[n]}: f({z0:.2f}) = {v[0]:.3f}, f'({z0:.2f}) = {v[1]:.3f}"
                      for n, v in values.items())
    fig.suptitle(text, fontsize=10)
    fig.tight_layout()
    return {"values": values, "figure": fig}


def activation_explorer(first: str = "relu", second: str = "sigmoid", z0: float = 1.0, alpha: float = 0.1):
    """An ``ipywidgets.interactive`` comparing two activations: two dropdowns, a slider for the point ``z0``
    at which both are evaluated, and a slider for leaky ReLU's negative slope ``alpha``."""
    import ipywidgets as widgets
    import matplotlib.pyplot as plt

    options = [(ACTIVATION_LABELS[n], n) for n in ACTIVATIONS]

    def show(first, second, z0, alpha):
        result = draw_activations(first, second, z0, alpha)
        plt.show()
        return result["values"]

    return widgets.interactive(
        show,
        first=widgets.Dropdown(options=options, value=first, description="first"),
        second=widgets.Dropdown(options=options, value=second, description="second"),
        z0=widgets.FloatSlider(value=z0, min=-5.0, max=5.0, step=0.25, description="z",
                               continuous_update=False),
        alpha=widgets.FloatSlider(value=alpha, min=0.0, max=0.5, step=0.01, description="leaky α",
                                  continuous_update=False),
    )


# ---------------------------------------------------------------------------------------------------------
# The neuron playground
# ---------------------------------------------------------------------------------------------------------

def neuron_output(X: np.ndarray, w1: float, w2: float, b: float) -> np.ndarray:
    r"""The neuron :math:`a = \sigma(w_1 x_1 + w_2 x_2 + b)` for each row ``(x1, x2)`` of ``X``."""
    X = np.asarray(X, dtype=np.float64)
    return sigmoid(X[:, 0] * w1 + X[:, 1] * w2 + b)


def neuron_accuracy(X: np.ndarray, y: np.ndarray, w1: float, w2: float, b: float) -> float:
    """Fraction of points classified correctly when the neuron predicts class 1 for ``a > 0.5``."""
    predictions = (neuron_output(X, w1, w2, b) > 0.5).astype(int)
    return float(np.mean(predictions == np.asarray(y)))


def boundary_line(w1: float, w2: float, b: float, xlim, ylim):
    """End points of the decision boundary :math:`w_1 x_1 + w_2 x_2 + b = 0` clipped to the box, or None
    when the line does not cross the box (or when both weights are zero, so there is no line)."""
    (x0, x1), (y0, y1) = xlim, ylim
    points = []
    if w2 != 0:
        for x in (x0, x1):
            y = -(w1 * x + b) / w2
            if y0 <= y <= y1:
                points.append((x, y))
    if w1 != 0:
        for y in (y0, y1):
            x = -(w2 * y + b) / w1
            if x0 <= x <= x1:
                points.append((x, y))
    unique = []
    for p in points:
        if not any(np.allclose(p, q) for q in unique):
            unique.append(p)
    if len(unique) < 2:
        return None
    return np.array(unique[:2])


def draw_neuron(X, y, w1: float, w2: float, b: float, feature_names=("$x_1$", "$x_2$"),
                class_names=("class 0", "class 1"), ax=None, padding: float = 0.5):
    """Scatter the two classes, shade where the neuron says class 1 (output above 0.5) and draw the line
    where its weighted sum is zero. Returns ``{"accuracy": ..., "figure": ...}``."""
    import matplotlib.pyplot as plt

    X = np.asarray(X, dtype=np.float64)
    y = np.asarray(y)
    if ax is None:
        fig, ax = plt.subplots(figsize=(6, 4.5))
    else:
        fig = ax.figure
    xlim = (X[:, 0].min() - padding, X[:, 0].max() + padding)
    ylim = (X[:, 1].min() - padding, X[:, 1].max() + padding)
    gx, gy = np.meshgrid(np.linspace(*xlim, 200), np.linspace(*ylim, 200))
    a = neuron_output(np.c_[gx.ravel(), gy.ravel()], w1, w2, b).reshape(gx.shape)
    ax.contourf(gx, gy, a, levels=np.linspace(0, 1, 11), cmap="RdBu_r", alpha=0.35, vmin=0, vmax=1)
    line = boundary_line(w1, w2, b, xlim, ylim)
    if line is not None:
        ax.plot(line[:, 0], line[:, 1], "k-", lw=2, label="boundary: $w_1x_1+w_2x_2+b=0$")
    for label, marker, color in ((0, "o", "tab:blue"), (1, "^", "tab:red")):
        keep = y == label
        ax.scatter(X[keep, 0], X[keep, 1], marker=marker, c=color, edgecolor="k", s=36,
                   label=class_names[label])
    accuracy = neuron_accuracy(X, y, w1, w2, b)
    ax.set_xlim(xlim)
    ax.set_ylim(ylim)
    ax.set_xlabel(feature_names[0])
    ax.set_ylabel(feature_names[1])
    ax.set_title(f"w1 = {w1:.2f}, w2 = {w2:.2f}, b = {b:.2f}: accuracy {accuracy:.1%}")
    ax.legend(loc="best", fontsize=8)
    return {"accuracy": accuracy, "figure": fig}


def neuron_playground(X, y, w1: float = 1.0, w2: float = -1.0, b: float = 0.0,
                      feature_names=("$x_1$", "$x_2$"), class_names=("class 0", "class 1"),
                      weight_range: float = 5.0, bias_range: float = 20.0):
    """An ``ipywidgets.interactive`` with sliders for ``w1``, ``w2`` and ``b`` that redraws
    :func:`draw_neuron` over the points ``X`` (shape ``[N, 2]``) with labels ``y`` (0 or 1)."""
    import ipywidgets as widgets
    import matplotlib.pyplot as plt

    def show(w1, w2, b):
        result = draw_neuron(X, y, w1, w2, b, feature_names=feature_names, class_names=class_names)
        plt.show()
        return result["accuracy"]

    def slider(value, limit, name):
        return widgets.FloatSlider(value=value, min=-limit, max=limit, step=0.1, description=name,
                                   continuous_update=False)

    return widgets.interactive(show, w1=slider(w1, weight_range, "w1"), w2=slider(w2, weight_range, "w2"),
                               b=slider(b, bias_range, "b"))
