"""Activation functions and their derivatives, in plain NumPy.

Taught in chapter 1, page "Activation functions"
(``chapters/ch1_what_is_deep_learning/02_activation_functions.ipynb``); chapter 2's
:mod:`dlcourse.nn` builds its layers on these functions.

Conventions shared by every function here:

* the input ``z`` is an array (or anything :func:`numpy.asarray` accepts); the result has the same shape
  and, for floating-point input, the same dtype (integer input is computed in float64);
* the input is never modified in place;
* each derivative is taken with respect to the pre-activation ``z`` and evaluated element-wise, so the
  backward pass of a layer is ``dZ = dA * derivative(Z)``.

:data:`ACTIVATIONS` maps a name to the pair ``(function, derivative)``.
"""
from __future__ import annotations

import math
from typing import Callable

import numpy as np

__all__ = [
    "sigmoid", "tanh", "relu", "leaky_relu", "gelu", "softmax",
    "sigmoid_derivative", "tanh_derivative", "relu_derivative", "leaky_relu_derivative", "gelu_derivative",
    "ACTIVATIONS",
]


def _as_float(z) -> np.ndarray:
    """``z`` as a floating-point array: floats keep their dtype, everything else becomes float64."""
    z = np.asarray(z)
    if not np.issubdtype(z.dtype, np.floating):
        z = z.astype(np.float64)
    return z


# ---------------------------------------------------------------------------------------------------------
# The functions
# ---------------------------------------------------------------------------------------------------------

def sigmoid(z):
    r"""Logistic sigmoid :math:`\sigma(z) = 1 / (1 + e^{-z})`, squashing any real number into (0, 1).

    Computed without overflow: with :math:`e = e^{-|z|} \le 1` it returns :math:`1 / (1 + e)` for
    :math:`z \ge 0` and the equivalent :math:`e / (1 + e)` for :math:`z < 0`, so no exponent is positive.
    """
    z = _as_float(z)
    e = np.exp(-np.abs(z))
    return np.asarray(np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))).astype(z.dtype, copy=False)


def tanh(z):
    r"""Hyperbolic tangent :math:`\tanh(z) = (e^{z} - e^{-z}) / (e^{z} + e^{-z}) = 2\sigma(2z) - 1`, in (-1, 1)."""
    z = _as_float(z)
    return np.asarray(np.tanh(z))


def relu(z):
    r"""Rectified linear unit :math:`\max(0, z)`."""
    z = _as_float(z)
    return np.asarray(np.maximum(z, np.zeros((), dtype=z.dtype)))


def leaky_relu(z, alpha: float = 0.01):
    r"""Leaky ReLU: :math:`z` for :math:`z > 0` and :math:`\alpha z` otherwise (default :math:`\alpha = 0.01`)."""
    z = _as_float(z)
    return np.where(z > 0, z, z * z.dtype.type(alpha))


_SQRT_HALF = 1.0 / math.sqrt(2.0)
_INV_SQRT_2PI = 1.0 / math.sqrt(2.0 * math.pi)
_erf = np.vectorize(math.erf, otypes=[np.float64])


def _erf_array(x: np.ndarray) -> np.ndarray:
    """The error function element-wise, in float64 (SciPy is not a dependency, so :func:`math.erf`)."""
    try:  # scipy's ufunc is much faster on large arrays when it happens to be installed
        from scipy.special import erf
    except ImportError:  # pragma: no cover - depends on the environment
        erf = _erf
    return np.asarray(erf(np.asarray(x, dtype=np.float64)), dtype=np.float64)


def gelu(z):
    r"""Gaussian error linear unit, **exact form** (Hendrycks & Gimpel 2016):

    .. math:: \mathrm{GELU}(z) = z\,\Phi(z) = \tfrac{z}{2}\left(1 + \mathrm{erf}(z/\sqrt{2})\right),

    where :math:`\Phi` is the standard normal CDF. This is what ``torch.nn.functional.gelu`` computes by
    default (``approximate='none'``); the tanh approximation
    :math:`\tfrac{z}{2}(1 + \tanh(\sqrt{2/\pi}(z + 0.044715 z^3)))` is *not* used here.
    """
    z = _as_float(z)
    phi = 0.5 * (1.0 + _erf_array(z * _SQRT_HALF))
    return np.asarray(z * phi).astype(z.dtype, copy=False)


def softmax(z, axis: int = -1):
    r"""Softmax along ``axis``: :math:`\mathrm{softmax}(z)_i = e^{z_i} / \sum_j e^{z_j}`.

    Numerically stable: the maximum along ``axis`` is subtracted first, which leaves the result unchanged
    (the factor :math:`e^{-\max z}` cancels) but keeps every exponent :math:`\le 0`, so inputs such as
    1000 do not overflow. Each slice along ``axis`` sums to 1.
    """
    z = _as_float(z)
    shifted = z - np.max(z, axis=axis, keepdims=True)
    e = np.exp(shifted)
    return np.asarray(e / np.sum(e, axis=axis, keepdims=True))


# ---------------------------------------------------------------------------------------------------------
# The derivatives (element-wise, with respect to z)
# ---------------------------------------------------------------------------------------------------------

def sigmoid_derivative(z):
    r""":math:`\sigma'(z) = \sigma(z)\,(1 - \sigma(z))`; at most 0.25, reached at z = 0."""
    s = sigmoid(z)
    return np.asarray(s * (1.0 - s))


def tanh_derivative(z):
    r""":math:`\tanh'(z) = 1 - \tanh^2(z)`; at most 1, reached at z = 0."""
    t = tanh(z)
    return np.asarray(1.0 - t * t)


def relu_derivative(z):
    r"""1 for :math:`z > 0`, 0 for :math:`z \le 0`.

    ReLU has no derivative at exactly z = 0 (the slope jumps from 0 to 1). **Convention: 0 at z = 0**, the
    same choice PyTorch and TensorFlow make, so gradients computed here match theirs.
    """
    z = _as_float(z)
    return np.asarray(z > 0).astype(z.dtype)


def leaky_relu_derivative(z, alpha: float = 0.01):
    r"""1 for :math:`z > 0` and :math:`\alpha` for :math:`z \le 0` (so :math:`\alpha` at z = 0, as in PyTorch)."""
    z = _as_float(z)
    return np.where(z > 0, z.dtype.type(1.0), z.dtype.type(alpha)).astype(z.dtype, copy=False)


def gelu_derivative(z):
    r"""Derivative of the exact GELU: :math:`\Phi(z) + z\,\varphi(z)`, with :math:`\varphi` the standard
    normal density :math:`e^{-z^2/2} / \sqrt{2\pi}`."""
    z = _as_float(z)
    z64 = z.astype(np.float64)
    cdf = 0.5 * (1.0 + _erf_array(z64 * _SQRT_HALF))
    pdf = _INV_SQRT_2PI * np.exp(-0.5 * z64 * z64)
    return np.asarray(cdf + z64 * pdf).astype(z.dtype, copy=False)


ACTIVATIONS: dict[str, tuple[Callable, Callable]] = {
    "sigmoid": (sigmoid, sigmoid_derivative),
    "tanh": (tanh, tanh_derivative),
    "relu": (relu, relu_derivative),
    "leaky_relu": (leaky_relu, leaky_relu_derivative),
    "gelu": (gelu, gelu_derivative),
}
"""Name -> ``(function, derivative)`` for the element-wise activations (softmax is not element-wise)."""
