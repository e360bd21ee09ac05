"""Step through forward and backward propagation on a 2-2-1 network, one value at a time.

Used on the page "Computational graphs and the chain rule"
(``chapters/ch2_backpropagation/01_computational_graph.ipynb``) of chapter 2.

The network: two inputs, two sigmoid hidden units, one linear output and a squared-error loss on one
example (examples are columns, as everywhere in chapter 2)::

    z1 = W1 @ x + b1      a1 = sigmoid(z1)      z2 = W2 @ a1 + b2 (= y_hat)      L = (z2 - y)**2

:func:`trace` lists every intermediate value in the order forward and then backward propagation computes
it, with the formula that produced it; :func:`draw` draws the computational graph with the values known
after a given step; :func:`stepper` wraps :func:`draw` in an ``ipywidgets`` slider. The functions are
plain NumPy so that the numbers can be checked against autodiff (the page does, and so do the tests).
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from dlcourse.activations import sigmoid


@dataclass
class TinyNet:
    """Weights, input and target of the 2-2-1 example; the defaults are the page's running example."""

    W1: np.ndarray = field(default_factory=lambda: np.array([[0.5, -0.4], [0.3, 0.8]]))
    b1: np.ndarray = field(default_factory=lambda: np.array([[0.1], [-0.2]]))
    W2: np.ndarray = field(default_factory=lambda: np.array([[1.5, -1.0]]))
    b2: np.ndarray = field(default_factory=lambda: np.array([[0.2]]))
    x: np.ndarray = field(default_factory=lambda: np.array([[1.0], [2.0]]))
    y: float = 1.0


@dataclass
class Step:
    """One computed value: its phase ('forward' or 'backward'), key, the formula and the value."""

    phase: str
    key: str
    formula: str
    value: np.ndarray


def trace(net: TinyNet | None = None) -> list[Step]:
    """Every value of one forward and one backward pass, in the order they are computed."""
    net = TinyNet() if net is None else net
    z1 = net.W1 @ net.x + net.b1
    a1 = sigmoid(z1)
    z2 = net.W2 @ a1 + net.b2
    L = (z2 - net.y) ** 2
    dz2 = 2 * (z2 - net.y)                  # dL/dz2 (= dL/dy_hat: the output is linear)
    dW2 = dz2 @ a1.T
    db2 = dz2
    da1 = net.W2.T @ dz2
    dz1 = da1 * a1 * (1 - a1)               # sigmoid'(z1) = a1 (1 - a1)
    dW1 = dz1 @ net.x.T
    db1 = dz1
    return [
        Step("forward", "z1", "z[1] = W[1] x + b[1]", z1),
        Step("forward", "a1", "a[1] = σ(z[1])", a1),
        Step("forward", "z2", "ŷ = z[2] = W[2] a[1] + b[2]", z2),
        Step("forward", "L", "L = (ŷ − y)²", L),
        Step("backward", "dz2", "∂L/∂z[2] = 2 (ŷ − y)", dz2),
        Step("backward", "dW2", "∂L/∂W[2] = ∂L/∂z[2] · a[1]ᵀ ;  ∂L/∂b[2] = ∂L/∂z[2]", dW2),
        Step("backward", "db2", "∂L/∂b[2] = ∂L/∂z[2]", db2),
        Step("backward", "da1", "∂L/∂a[1] = W[2]ᵀ · ∂L/∂z[2]", da1),
        Step("backward", "dz1", "∂L/∂z[1] = ∂L/∂a[1] ⊙ σ'(z[1]) = ∂L/∂a[1] ⊙ a[1](1 − a[1])", dz1),
        Step("backward", "dW1", "∂L/∂W[1] = ∂L/∂z[1] · xᵀ ;  ∂L/∂b[1] = ∂L/∂z[1]", dW1),
        Step("backward", "db1", "∂L/∂b[1] = ∂L/∂z[1]", db1),
    ]


# The slider shows dW and db of a layer together, so db2/db1 are folded into the dW steps.
_SHOWN_WITH = {"db2": "dW2", "db1": "dW1"}


def steps_for_display(net: TinyNet | None = None) -> list[Step]:
    """The steps the widget walks through (bias gradients appear together with their weight gradients)."""
    return [s for s in trace(net) if s.key not in _SHOWN_WITH]


def known_after(step: int, net: TinyNet | None = None) -> dict[str, np.ndarray]:
    """All values known once display step ``step`` (0-based) is done: ``{key: value}``."""
    steps = steps_for_display(net)
    if not 0 <= step < len(steps):
        raise ValueError(f"step must be between 0 and {len(steps) - 1}")
    done = {s.key for s in steps[:step + 1]}
    done |= {k for k, v in _SHOWN_WITH.items() if v in done}
    return {s.key: s.value for s in trace(net) if s.key in done}


def draw(step: int, net: TinyNet | None = None, fig=None) -> dict:
    """Draw the 2-2-1 computational graph with the values known after display step ``step``.

    Forward values are black, gradients red; the node or edges computed in this very step are highlighted.
    Returns ``{"title": ..., "known": {key: value}, "figure": fig}``.
    """
    import matplotlib.pyplot as plt

    net = TinyNet() if net is None else net
    steps = steps_for_display(net)
    known = known_after(step, net)
    current = steps[step]
    if fig is None:
        fig = plt.figure(figsize=(11, 5))
    ax = fig.add_subplot(111)
    ax.set_xlim(-0.9, 11.8)
    ax.set_ylim(-2.6, 2.5)
    ax.axis("off")

    pos = {"x1": (0, 1.3), "x2": (0, -1.3), "h1": (4.2, 1.3), "h2": (4.2, -1.3), "out": (8.0, 0), "L": (10.9, 0)}
    half_width = {"x1": 0.55, "x2": 0.55, "h1": 1.05, "h2": 1.05, "out": 1.05, "L": 0.8}
    red, grey = "#c0392b", "#7f8c8d"

    def edge(a, b, label, grad, hot, t=0.5):
        (x0, y0), (x1, y1) = pos[a], pos[b]
        start, end = (x0 + half_width[a], y0), (x1 - half_width[b], y1)
        ax.annotate("", xy=end, xytext=start,
                    arrowprops=dict(arrowstyle="->", color=red if hot else grey, lw=2.2 if hot else 1.2))
        tx, ty = start[0] + t * (end[0] - start[0]), start[1] + t * (end[1] - start[1])
        text = label if grad is None else f"{label}\n∂L/∂w = {grad:+.3f}"
        ax.text(tx, ty, text, fontsize=8, ha="center", va="center",
                color=red if grad is not None else "black",
                bbox=dict(boxstyle="round,pad=0.15", fc="white", ec="none", alpha=0.9))

    W1, W2 = net.W1, net.W2
    for i in range(2):
        for j in range(2):
            g = known["dW1"][i, j] if "dW1" in known else None
            edge(f"x{j + 1}", f"h{i + 1}", f"w[1]{i + 1}{j + 1} = {W1[i, j]:+.2f}", g, current.key == "dW1",
                 t=0.5 if i == j else 0.2)
        g = known["dW2"][0, i] if "dW2" in known else None
        edge(f"h{i + 1}", "out", f"w[2]1{i + 1} = {W2[0, i]:+.2f}", g, current.key == "dW2")
    edge("out", "L", "", None, False)

    def node(key, title, lines, hot):
        x, y = pos[key]
        ax.text(x, y, title + ("\n" + "\n".join(lines) if lines else ""), ha="center", va="center", fontsize=9,
                bbox=dict(boxstyle="round,pad=0.4", fc="#fdebd0" if hot else "#eaf2f8",
                          ec=red if hot else "#2c3e50", lw=2 if hot else 1))

    for j in range(2):
        node(f"x{j + 1}", f"x{j + 1} = {net.x[j, 0]:g}", [], False)
    for i in range(2):
        lines = [f"b = {net.b1[i, 0]:+.2f}"]
        if "z1" in known:
            lines.append(f"z = {known['z1'][i, 0]:+.4f}")
        if "a1" in known:
            lines.append(f"a = σ(z) = {known['a1'][i, 0]:.4f}")
        if "da1" in known:
            lines.append(f"∂L/∂a = {known['da1'][i, 0]:+.4f}")
        if "dz1" in known:
            lines.append(f"∂L/∂z = {known['dz1'][i, 0]:+.4f}")
        node(f"h{i + 1}", f"hidden unit {i + 1}", lines, current.key in {"z1", "a1", "da1", "dz1"})
    lines = [f"b = {net.b2[0, 0]:+.2f}"]
    if "z2" in known:
        lines.append(f"ŷ = z = {known['z2'][0, 0]:+.4f}")
    if "dz2" in known:
        lines.append(f"∂L/∂z = {known['dz2'][0, 0]:+.4f}")
    node("out", "output (linear)", lines, current.key in {"z2", "dz2"})
    node("L", f"loss (y = {net.y:g})", [f"L = {known['L'][0, 0]:.4f}"] if "L" in known else [], current.key == "L")

    # One line per printed gradient of a bias, under the graph.
    notes = []
    if "db2" in known:
        notes.append(f"∂L/∂b[2] = {known['db2'][0, 0]:+.4f}")
    if "db1" in known:
        notes.append("∂L/∂b[1] = (" + ", ".join(f"{v:+.4f}" for v in known["db1"][:, 0]) + ")")
    if notes:
        ax.text(5.5, -2.45, "     ".join(notes), ha="center", fontsize=9, color=red)
    title = f"step {step + 1} of {len(steps)} ({current.phase}): {current.formula}"
    ax.set_title(title, fontsize=10)
    return {"title": title, "known": known, "figure": fig}


def stepper(step: int | None = None, net: TinyNet | None = None):
    """An ``ipywidgets.interactive`` with a slider over the steps; starts at ``step`` (default: the last,
    so that the static page shows every forward value and every gradient)."""
    import ipywidgets as widgets
    import matplotlib.pyplot as plt

    n = len(steps_for_display(net))
    step = n - 1 if step is None else step

    def show(step):
        result = draw(step - 1, net)
        plt.show()

    slider = widgets.IntSlider(value=step + 1, min=1, max=n, step=1, description="step",
                               continuous_update=False)
    return widgets.interactive(show, step=slider)
