"""Two-dimensional test functions for optimizers, with plotting helpers and a gradient-descent widget.

Taught in Chapter 3, pages ``chapters/ch3_optimization/02_gradient_descent`` (the widget, the
ill-conditioned bowl) and ``04_optimizers`` (trajectories side by side). Each landscape is a
:class:`Landscape`: a function ``f(x, y)`` that works on arrays (for contour plots), its analytic gradient
``grad(p)`` at a point ``p = [x, y]`` (for the optimizers), a starting point and the plot window.

* :func:`rosenbrock` -- the curved, flat-bottomed valley ``(a - x)^2 + b (y - x^2)^2``;
* :func:`saddle` -- ``x^2 + y^4/4 - y^2/2``: a saddle point at the origin between two minima at
  ``(0, +-1)``. (The textbook ``x^2 - y^2`` has the same saddle but no minimum at all; the quartic term
  keeps the function bounded below so that an optimizer has somewhere to go.)
* :func:`bowl` -- the quadratic ``(x'^2 + kappa y'^2) / 2`` in coordinates rotated by ``angle`` degrees;
  ``kappa`` is the condition number (ratio of largest to smallest curvature).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

import numpy as np


@dataclass
class Landscape:
    """A 2-D function with its gradient, a default start and a plot window."""

    name: str
    f: Callable  # f(x, y) -> value, element-wise on arrays
    grad_xy: Callable  # grad_xy(x, y) -> (df/dx, df/dy)
    start: tuple[float, float]
    xlim: tuple[float, float]
    ylim: tuple[float, float]
    minima: list[tuple[float, float]] = field(default_factory=list)
    log_levels: bool = False  # contour levels spaced logarithmically (for very steep walls)

    def __call__(self, p) -> float:
        p = np.asarray(p, dtype=np.float64)
        return float(self.f(p[0], p[1]))

    def grad(self, p) -> np.ndarray:
        """The gradient ``[df/dx, df/dy]`` at the point ``p``."""
        p = np.asarray(p, dtype=np.float64)
        return np.array(self.grad_xy(p[0], p[1]), dtype=np.float64)

    def values_along(self, path) -> np.ndarray:
        """``f`` at every point of a trajectory of shape ``[steps, 2]``."""
        path = np.asarray(path, dtype=np.float64)
        with np.errstate(over="ignore", invalid="ignore"):
            return self.f(path[:, 0], path[:, 1])


def rosenbrock(a: float = 1.0, b: float = 100.0) -> Landscape:
    """Rosenbrock's banana valley; its minimum is at ``(a, a^2)`` where ``f = 0``."""
    return Landscape(
        name="Rosenbrock",
        f=lambda x, y: (a - x) ** 2 + b * (y - x ** 2) ** 2,
        grad_xy=lambda x, y: (-2 * (a - x) - 4 * b * x * (y - x ** 2), 2 * b * (y - x ** 2)),
        start=(-1.5, 2.0), xlim=(-2.0, 2.0), ylim=(-1.0, 3.0), minima=[(a, a * a)], log_levels=True,
    )


def saddle() -> Landscape:
    """``x^2 + y^4/4 - y^2/2``: a saddle at the origin, minima ``f = -1/4`` at ``(0, 1)`` and ``(0, -1)``."""
    return Landscape(
        name="Saddle",
        f=lambda x, y: x ** 2 + y ** 4 / 4 - y ** 2 / 2,
        grad_xy=lambda x, y: (2 * x, y ** 3 - y),
        start=(-1.8, 0.01), xlim=(-2.0, 2.0), ylim=(-1.6, 1.6), minima=[(0.0, 1.0), (0.0, -1.0)],
    )


def bowl(kappa: float = 20.0, angle: float = 0.0) -> Landscape:
    """An ill-conditioned quadratic bowl with condition number ``kappa``, rotated by ``angle`` degrees.

    ``f(p) = p^T H p / 2`` with ``H = R diag(1, kappa) R^T``; the minimum is at the origin. Plain gradient
    descent converges only for ``lr < 2 / kappa`` (the largest curvature) and then crawls along the flat
    direction at a rate set by ``1 / kappa``.
    """
    c, s = np.cos(np.radians(angle)), np.sin(np.radians(angle))
    h11, h12, h22 = c * c + kappa * s * s, (1 - kappa) * c * s, s * s + kappa * c * c
    return Landscape(
        name=f"Bowl (kappa={kappa:g})",
        f=lambda x, y: 0.5 * (h11 * x * x + 2 * h12 * x * y + h22 * y * y),
        grad_xy=lambda x, y: (h11 * x + h12 * y, h12 * x + h22 * y),
        start=(-2.5, 1.0), xlim=(-3.0, 3.0), ylim=(-1.5, 1.5), minima=[(0.0, 0.0)],
    )


def gradient_descent(land: Landscape, lr: float, steps: int, start=None) -> np.ndarray:
    """Plain gradient descent ``p <- p - lr * grad(p)`` on a landscape; returns the ``[steps + 1, 2]`` path.

    Stops early (keeping the points so far) once the point leaves a huge radius, i.e. diverges.
    """
    p = np.array(land.start if start is None else start, dtype=np.float64)
    path = [p.copy()]
    for _ in range(steps):
        with np.errstate(over="ignore", invalid="ignore"):
            p = p - lr * land.grad(p)
        path.append(p.copy())
        if not np.all(np.isfinite(p)) or np.abs(p).max() > 1e6:
            break
    return np.array(path)


# ---- plotting -------------------------------------------------------------------------------------

def plot_landscape(ax, land: Landscape, n: int = 200, levels: int = 30, cmap: str = "viridis"):
    """Draw filled contours of ``land`` on a matplotlib axis, mark its minima, and label the axes."""
    x = np.linspace(*land.xlim, n)
    y = np.linspace(*land.ylim, n)
    X, Y = np.meshgrid(x, y)
    Z = land.f(X, Y)
    if land.log_levels:
        lo = max(Z.min(), 0) + 1e-2
        lv = np.logspace(np.log10(lo), np.log10(Z.max()), levels)
        ax.contourf(X, Y, Z, levels=lv, cmap=cmap, norm=_log_norm(lv))
        ax.contour(X, Y, Z, levels=lv, colors="white", linewidths=0.3, alpha=0.6)
    else:
        ax.contourf(X, Y, Z, levels=levels, cmap=cmap)
        ax.contour(X, Y, Z, levels=levels, colors="white", linewidths=0.3, alpha=0.6)
    for mx, my in land.minima:
        ax.plot(mx, my, marker="*", color="red", markersize=14, markeredgecolor="white", linestyle="none")
    ax.set_xlim(land.xlim)
    ax.set_ylim(land.ylim)
    ax.set_xlabel("x")
    ax.set_ylabel("y")
    ax.set_title(land.name)
    return ax


def _log_norm(levels):
    from matplotlib.colors import LogNorm

    return LogNorm(vmin=levels[0], vmax=levels[-1])


def plot_path(ax, path, label: str | None = None, color: str | None = None, markersize: float = 3):
    """Draw a trajectory ``[steps, 2]`` as a line with dots; the start is a larger hollow circle."""
    path = np.asarray(path)
    line, = ax.plot(path[:, 0], path[:, 1], "-o", markersize=markersize, linewidth=1.2, label=label,
                    color=color)
    ax.plot(path[0, 0], path[0, 1], "o", markersize=9, markerfacecolor="none", color=line.get_color())
    return line


def compare(lands, runs: dict, steps, figsize_per=(4.6, 4.0)):
    """Run several optimizers on several landscapes and draw the trajectories side by side.

    ``runs`` maps a label to a factory ``make(land) -> Optimizer``; each optimizer starts from the
    landscape's start point. ``steps`` is a number, or a dict from landscape name to a number.
    Returns ``(fig, paths)`` where ``paths[land.name][label]`` is the trajectory.
    """
    import matplotlib.pyplot as plt

    from dlcourse.optim import minimize

    fig, axes = plt.subplots(1, len(lands), figsize=(figsize_per[0] * len(lands), figsize_per[1]))
    axes = np.atleast_1d(axes)
    paths: dict = {}
    for ax, land in zip(axes, lands):
        plot_landscape(ax, land)
        paths[land.name] = {}
        n = steps[land.name] if isinstance(steps, dict) else steps
        for label, make in runs.items():
            with np.errstate(over="ignore", invalid="ignore"):
                path = minimize(land.grad, land.start, make(land), n)
            paths[land.name][label] = path
            plot_path(ax, path[np.all(np.abs(path) < 1e3, axis=1)], label=label, markersize=2)
        ax.set_title(f"{land.name}, {n} steps")
    axes[0].legend(loc="lower left", fontsize=8)
    fig.tight_layout()
    return fig, paths


def gd_widget(land: Landscape | None = None, lr: float = 0.05, steps: int = 20,
              lr_range: tuple[float, float] = (1e-3, 0.2), max_steps: int = 200):
    """An ipywidgets control: sliders for the learning rate and the number of steps of gradient descent.

    Left panel: the trajectory on the contour plot. Right panel: ``f`` after each step (log scale), so that
    convergence, oscillation and divergence are all visible. Returns the ``widgets.interactive`` object;
    display it (or make it the last expression of a cell).
    """
    import ipywidgets as widgets
    import matplotlib.pyplot as plt

    land = bowl() if land is None else land

    def draw(lr, steps):
        path = gradient_descent(land, lr, steps)
        fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(11, 4))
        plot_landscape(ax1, land)
        shown = path[np.all(np.abs(path) < 1e3, axis=1)]
        plot_path(ax1, shown, color="orange")
        vals = land.values_along(path) - min(land(m) for m in land.minima)
        verdict = _verdict(vals)
        ax1.set_title(f"{land.name}: lr = {lr:.3g}, {steps} steps ({verdict})")
        ax2.semilogy(np.arange(len(vals)), np.maximum(vals, 1e-16), "-o", markersize=3, color="orange")
        ax2.set_xlabel("step")
        ax2.set_ylabel("f(p) - f(minimum)  (log scale)")
        ax2.set_title("Distance to the minimum value")
        ax2.grid(True, which="both", alpha=0.3)
        fig.tight_layout()
        plt.show()

    lr_slider = widgets.FloatLogSlider(value=lr, base=10, min=np.log10(lr_range[0]), max=np.log10(lr_range[1]),
                                       step=0.05, description="learning rate", readout_format=".3g",
                                       continuous_update=False, style={"description_width": "initial"})
    steps_slider = widgets.IntSlider(value=steps, min=1, max=max_steps, description="steps",
                                     continuous_update=False)
    return widgets.interactive(draw, lr=lr_slider, steps=steps_slider)


def _verdict(vals: np.ndarray) -> str:
    """'diverges', 'converges' or 'slow' from the sequence of f - f_min values along a path."""
    if not np.all(np.isfinite(vals)) or vals[-1] > vals[0]:
        return "diverges"
    if vals[-1] < 1e-3 * max(vals[0], 1e-12):
        return "converges"
    return "still far from the minimum"
