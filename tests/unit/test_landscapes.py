"""dlcourse.landscapes (Chapter 3, pages 02_gradient_descent and 04_optimizers)."""
import numpy as np
import pytest

from dlcourse import landscapes
from dlcourse.optim import Adam, Momentum, minimize

LANDS = [landscapes.rosenbrock(), landscapes.saddle(), landscapes.bowl(), landscapes.bowl(kappa=10, angle=30)]


@pytest.mark.parametrize("land", LANDS, ids=lambda l: l.name)
def test_gradient_matches_finite_differences(land):
    rng = np.random.default_rng(1)
    for _ in range(5):
        p = rng.uniform([land.xlim[0], land.ylim[0]], [land.xlim[1], land.ylim[1]])
        h = 1e-6
        num = [(land(p + e) - land(p - e)) / (2 * h) for e in (np.array([h, 0]), np.array([0, h]))]
        np.testing.assert_allclose(land.grad(p), num, rtol=1e-6, atol=1e-6)


@pytest.mark.parametrize("land", LANDS, ids=lambda l: l.name)
def test_minima_are_stationary_and_lowest(land):
    for m in land.minima:
        np.testing.assert_allclose(land.grad(m), 0, atol=1e-12)
        assert land(m) <= land(land.start)


def test_saddle_has_a_saddle_at_origin():
    s = landscapes.saddle()
    np.testing.assert_allclose(s.grad([0, 0]), 0)
    assert s([0.1, 0]) > s([0, 0]) > s([0, 0.1])


def test_bowl_gd_stability_threshold_is_two_over_kappa():
    land = landscapes.bowl(kappa=20)
    ok = landscapes.gradient_descent(land, lr=0.95 * 2 / 20, steps=400)
    bad = landscapes.gradient_descent(land, lr=1.05 * 2 / 20, steps=400)
    assert land(ok[-1]) < 1e-3
    assert land(bad[-1]) > land(bad[0])
    assert len(bad) < 401 or not np.isfinite(land(bad[-1])) or land(bad[-1]) > 1e3


def test_rotated_bowl_keeps_eigenvalues():
    land = landscapes.bowl(kappa=10, angle=30)
    h = np.array([land.grad([1, 0]), land.grad([0, 1])])
    np.testing.assert_allclose(np.linalg.eigvalsh(h), [1, 10])


def test_optimizers_reach_rosenbrock_minimum():
    land = landscapes.rosenbrock()
    path = minimize(land.grad, land.start, Adam(lr=0.02), steps=4000)
    assert np.abs(path[-1] - [1, 1]).max() < 1e-2
    path = minimize(land.grad, land.start, Momentum(lr=1e-4, momentum=0.95), steps=20000)
    assert np.abs(path[-1] - [1, 1]).max() < 5e-2


def test_plots_and_widget_build():
    matplotlib = pytest.importorskip("matplotlib")
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, paths = landscapes.compare(LANDS[:2], {"adam": lambda l: Adam(lr=0.1)}, steps={"Rosenbrock": 5, "Saddle": 10})
    assert set(paths) == {"Rosenbrock", "Saddle"}
    assert paths["Saddle"]["adam"].shape == (11, 2)
    assert paths["Rosenbrock"]["adam"].shape == (6, 2)
    plt.close(fig)
    pytest.importorskip("ipywidgets")
    w = landscapes.gd_widget(lr=0.05, steps=10)
    assert w.children[0].value == pytest.approx(0.05)
    assert w.children[1].value == 10
    plt.close("all")
