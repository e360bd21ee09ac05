"""Batch normalisation and layer normalisation in NumPy, forward and backward.

Taught on the page ``chapters/ch6_training_deep_networks/03_normalisation.ipynb`` (label
``ch6-normalisation``), which derives both passes, writes them out, and checks them against this module,
against ``torch.nn.BatchNorm1d``/``BatchNorm2d``/``LayerNorm`` in float64 and by a gradient check.

The layers follow ``dlcourse.nn``: **examples are columns** for fully connected data, shape
``(features, examples)``; convolutional feature maps are ``(examples, channels, height, width)`` as in
PyTorch. Both share one normalisation: subtract the mean and divide by ``sqrt(variance + eps)`` over some
axes (``stat_axes``), then scale by ``gamma`` and shift by ``beta``, which are learnt per feature
(``param_axes`` are the axes summed to get their gradients).

* Batch norm: statistics over the examples (and, for feature maps, over height and width), one ``gamma``
  per feature or channel; in training mode it also updates running averages of the mean and of the
  *unbiased* variance (as PyTorch does), which evaluation mode uses instead of the batch's statistics.
* Layer norm: statistics over the features of each example, the same in training and evaluation.
"""
from __future__ import annotations

import numpy as np

from dlcourse.nn import Layer

__all__ = ["normalise_forward", "normalise_backward", "BatchNorm", "LayerNorm"]


def normalise_forward(x, gamma, beta, stat_axes, eps=1e-5, mean=None, var=None):
    """``gamma * (x - mean) / sqrt(var + eps) + beta``; mean and (biased) variance over ``stat_axes``
    unless given. Returns the output and the cache that :func:`normalise_backward` needs."""
    if mean is None:
        mean = x.mean(axis=stat_axes, keepdims=True)
    if var is None:
        var = x.var(axis=stat_axes, keepdims=True)
    inv_std = 1.0 / np.sqrt(var + eps)
    x_hat = (x - mean) * inv_std
    return gamma * x_hat + beta, (x_hat, inv_std, gamma)


def normalise_backward(dy, cache, stat_axes, param_axes):
    """Gradients ``(dx, dgamma, dbeta)`` of a normalisation whose statistics came from the batch itself.

    With ``g = dy * gamma`` and means over the ``stat_axes``:
    ``dx = inv_std * (g - mean(g) - x_hat * mean(g * x_hat))``: the mean and variance depend on every
    entry they were computed from, which adds the two correction terms to the naive ``g * inv_std``.
    """
    x_hat, inv_std, gamma = cache
    g = dy * gamma
    dx = inv_std * (g - g.mean(axis=stat_axes, keepdims=True)
                    - x_hat * (g * x_hat).mean(axis=stat_axes, keepdims=True))
    dgamma = (dy * x_hat).sum(axis=param_axes, keepdims=True)
    dbeta = dy.sum(axis=param_axes, keepdims=True)
    return dx, dgamma, dbeta


def _layout(n_dim: int):
    """(axes of the batch statistics, shape of gamma given the feature count) for 2-D or 4-D inputs."""
    if n_dim == 2:                       # (features, examples)
        return (1,), lambda n: (n, 1)
    if n_dim == 4:                       # (examples, channels, height, width)
        return (0, 2, 3), lambda n: (1, n, 1, 1)
    raise ValueError(f"expected (features, examples) or (examples, channels, height, width), got {n_dim} dims")


class _Affine(Layer):
    """What both normalisations share: the learnt scale ``gamma`` and shift ``beta``, one per feature."""

    def __init__(self, shape, dtype):
        self.gamma = np.ones(shape, dtype)
        self.beta = np.zeros(shape, dtype)
        self.dgamma, self.dbeta = np.zeros_like(self.gamma), np.zeros_like(self.beta)
        self.cache = None

    def params(self):
        return [self.gamma, self.beta]

    def grads(self):
        return [self.dgamma, self.dbeta]

    def __repr__(self):
        return f"{type(self).__name__}({self.gamma.size})"


class BatchNorm(_Affine):
    """Batch normalisation over the examples (and the positions of a feature map), with running statistics.

    ``BatchNorm(n)`` for ``n`` features or channels; ``momentum`` and ``eps`` as in PyTorch (0.1, 1e-5).
    ``train()`` / ``eval()`` switch between the batch's statistics and the running ones.
    """

    def __init__(self, n: int, *, n_dim: int = 2, momentum: float = 0.1, eps: float = 1e-5, dtype=np.float64):
        self.axes, shape = _layout(n_dim)
        super().__init__(shape(n), dtype)
        self.running_mean = np.zeros(shape(n), dtype)
        self.running_var = np.ones(shape(n), dtype)
        self.momentum, self.eps, self.training = momentum, eps, True

    def train(self):
        self.training = True
        return self

    def eval(self):
        self.training = False
        return self

    def forward(self, x):
        if not self.training:
            y, self.cache = normalise_forward(x, self.gamma, self.beta, self.axes, self.eps,
                                              self.running_mean, self.running_var)
            return y
        m = x.size // self.gamma.size                     # values per feature in this batch
        if m < 2:
            raise ValueError("batch norm needs more than one value per feature in training mode")
        mean = x.mean(axis=self.axes, keepdims=True)
        var = x.var(axis=self.axes, keepdims=True)
        self.running_mean = (1 - self.momentum) * self.running_mean + self.momentum * mean
        self.running_var = (1 - self.momentum) * self.running_var + self.momentum * var * m / (m - 1)
        y, self.cache = normalise_forward(x, self.gamma, self.beta, self.axes, self.eps, mean, var)
        return y

    def backward(self, dy):
        if not self.training:                             # fixed statistics: a per-feature affine map
            x_hat, inv_std, gamma = self.cache
            self.dgamma[...] = (dy * x_hat).sum(axis=self.axes, keepdims=True)
            self.dbeta[...] = dy.sum(axis=self.axes, keepdims=True)
            return dy * gamma * inv_std
        dx, dgamma, dbeta = normalise_backward(dy, self.cache, self.axes, self.axes)
        self.dgamma[...], self.dbeta[...] = dgamma, dbeta
        return dx


class LayerNorm(_Affine):
    """Layer normalisation of ``(features, examples)`` data: statistics over each example's features."""

    def __init__(self, n: int, *, eps: float = 1e-5, dtype=np.float64):
        super().__init__((n, 1), dtype)
        self.eps = eps

    def forward(self, x):
        y, self.cache = normalise_forward(x, self.gamma, self.beta, (0,), self.eps)
        return y

    def backward(self, dy):
        dx, dgamma, dbeta = normalise_backward(dy, self.cache, (0,), (1,))
        self.dgamma[...], self.dbeta[...] = dgamma, dbeta
        return dx
