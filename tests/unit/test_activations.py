"""Tests for dlcourse.activations: values, derivatives (finite differences and torch autograd), softmax."""
import numpy as np
import pytest
import torch

from dlcourse import activations as A

NAMES = ["sigmoid", "tanh", "relu", "leaky_relu", "gelu"]

TORCH = {
    "sigmoid": torch.sigmoid,
    "tanh": torch.tanh,
    "relu": torch.relu,
    "leaky_relu": lambda t: torch.nn.functional.leaky_relu(t, negative_slope=0.01),
    "gelu": lambda t: torch.nn.functional.gelu(t, approximate="none"),
}


def _points(seed=0, n=200):
    """Random float64 points in [-6, 6], kept away from the ReLU kink at 0 (finite differences there lie)."""
    z = np.random.default_rng(seed).uniform(-6, 6, size=n)
    z[np.abs(z) < 1e-3] += 0.01
    return z


def test_registry_pairs_functions_with_their_derivatives():
    assert sorted(A.ACTIVATIONS) == sorted(NAMES)
    for name in NAMES:
        f, d = A.ACTIVATIONS[name]
        assert f is getattr(A, name)
        assert d is getattr(A, name + "_derivative")


@pytest.mark.parametrize("name", NAMES)
def test_values_match_torch(name):
    f, _ = A.ACTIVATIONS[name]
    z = _points(1)
    expected = TORCH[name](torch.from_numpy(z)).numpy()
    np.testing.assert_allclose(f(z), expected, rtol=1e-12, atol=1e-15)


@pytest.mark.parametrize("name", NAMES)
def test_derivative_matches_centered_finite_differences(name):
    f, d = A.ACTIVATIONS[name]
    z = _points(2)
    h = 1e-6
    numeric = (f(z + h) - f(z - h)) / (2 * h)
    np.testing.assert_allclose(d(z), numeric, rtol=1e-6, atol=1e-9)


@pytest.mark.parametrize("name", NAMES)
def test_derivative_matches_torch_autograd(name):
    _, d = A.ACTIVATIONS[name]
    z = np.concatenate([_points(3), [0.0, -0.0]])  # include the kink: conventions must agree with torch
    t = torch.from_numpy(z.copy()).requires_grad_(True)
    TORCH[name](t).sum().backward()
    np.testing.assert_allclose(d(z), t.grad.numpy(), rtol=1e-12, atol=1e-15)


def test_relu_derivative_convention_at_zero():
    assert A.relu_derivative(np.array([0.0]))[0] == 0.0
    assert A.leaky_relu_derivative(np.array([0.0]), alpha=0.2)[0] == pytest.approx(0.2)


def test_known_values():
    assert A.sigmoid(np.array(0.0)) == 0.5
    assert A.sigmoid_derivative(np.array(0.0)) == 0.25
    assert A.tanh_derivative(np.array(0.0)) == 1.0
    assert A.gelu(np.array(0.0)) == 0.0
    assert A.gelu_derivative(np.array(0.0)) == 0.5
    np.testing.assert_allclose(A.leaky_relu(np.array([-2.0, 3.0]), alpha=0.1), [-0.2, 3.0])
    np.testing.assert_array_equal(A.relu(np.array([-1.5, 0.0, 2.5])), [0.0, 0.0, 2.5])


def test_gelu_is_the_exact_erf_form_not_the_tanh_approximation():
    z = np.linspace(-4, 4, 81)
    exact = torch.nn.functional.gelu(torch.from_numpy(z), approximate="none").numpy()
    approx = torch.nn.functional.gelu(torch.from_numpy(z), approximate="tanh").numpy()
    assert np.max(np.abs(exact - approx)) > 1e-5  # the two forms are distinguishable at this tolerance
    np.testing.assert_allclose(A.gelu(z), exact, rtol=1e-12, atol=1e-15)


def test_sigmoid_does_not_overflow():
    with np.errstate(over="raise"):
        out = A.sigmoid(np.array([-1000.0, 1000.0]))
    np.testing.assert_array_equal(out, [0.0, 1.0])


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_dtype_shape_and_no_in_place_change(name, dtype):
    f, d = A.ACTIVATIONS[name]
    z = np.random.default_rng(4).normal(size=(3, 4)).astype(dtype)
    before = z.copy()
    for g in (f, d):
        out = g(z)
        assert isinstance(out, np.ndarray)
        assert out.dtype == dtype and out.shape == z.shape
        assert out is not z
        np.testing.assert_array_equal(z, before)


def test_integer_input_is_computed_in_float():
    assert A.sigmoid(np.array([0, 1])).dtype == np.float64
    assert A.relu(np.array([-1, 2])).dtype == np.float64


@pytest.mark.parametrize("axis", [-1, 0, 1])
def test_softmax_matches_torch(axis):
    z = np.random.default_rng(5).normal(scale=3.0, size=(4, 6, 5))
    expected = torch.softmax(torch.from_numpy(z), dim=axis).numpy()
    out = A.softmax(z, axis=axis)
    np.testing.assert_allclose(out, expected, rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(out.sum(axis=axis), 1.0, rtol=1e-12)


def test_softmax_is_stable_for_large_inputs():
    z = np.array([[1000.0, 1001.0, 1002.0], [-1000.0, 0.0, 1000.0]])
    with np.errstate(over="raise", invalid="raise"):
        out = A.softmax(z)
    assert np.all(np.isfinite(out))
    expected = torch.softmax(torch.from_numpy(z), dim=-1).numpy()
    np.testing.assert_allclose(out, expected, rtol=1e-12, atol=1e-300)
    # shifting every input by the same constant changes nothing
    np.testing.assert_allclose(A.softmax(z[:1]), A.softmax(z[:1] - 1000.0), rtol=1e-12)


def test_softmax_float32_keeps_dtype_and_input():
    z = np.array([1000.0, 0.0], dtype=np.float32)
    before = z.copy()
    out = A.softmax(z)
    assert out.dtype == np.float32
    np.testing.assert_array_equal(z, before)
    np.testing.assert_allclose(out, [1.0, 0.0])
