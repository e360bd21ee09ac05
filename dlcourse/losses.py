"""Loss functions and their gradients in NumPy: MSE, MAE, binary and categorical cross-entropy.

Taught in Chapter 3, page ``chapters/ch3_optimization/01_loss_functions`` ("Loss functions"), which derives
each gradient and checks it against finite differences and against PyTorch.

Conventions (the same as PyTorch's and Keras's defaults):

* every loss is a *mean* over all examples (and, for MSE and MAE, over all output entries), so it does not
  grow with the batch size;
* every ``*_grad`` function returns the gradient of that mean with respect to its first argument, with the
  same shape as that argument;
* the cross-entropies take raw scores (*logits*), not probabilities, because that is the numerically
  stable form: ``log(sigmoid(z))`` and ``log(softmax(z))`` are computed without ever forming a probability
  that could round to 0 or 1. :func:`binary_cross_entropy_from_probs` is the probability version, clipped
  as Keras does, for comparison.
"""
from __future__ import annotations

import numpy as np


def mse(pred, target) -> float:
    """Mean squared error: ``mean((pred - target)**2)``."""
    pred, target = _pair(pred, target)
    return float(np.mean((pred - target) ** 2))


def mse_grad(pred, target) -> np.ndarray:
    """Gradient of :func:`mse` with respect to ``pred``: ``2 (pred - target) / n``."""
    pred, target = _pair(pred, target)
    return 2.0 * (pred - target) / pred.size


def mae(pred, target) -> float:
    """Mean absolute error: ``mean(|pred - target|)``."""
    pred, target = _pair(pred, target)
    return float(np.mean(np.abs(pred - target)))


def mae_grad(pred, target) -> np.ndarray:
    """(Sub)gradient of :func:`mae`: ``sign(pred - target) / n``, taking 0 where ``pred == target``."""
    pred, target = _pair(pred, target)
    return np.sign(pred - target) / pred.size


def sigmoid(z) -> np.ndarray:
    """The logistic function ``1 / (1 + exp(-z))``, computed without overflow for large ``|z|``."""
    z = np.asarray(z, dtype=np.float64)
    e = np.exp(-np.abs(z))  # never overflows
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def binary_cross_entropy(logits, target) -> float:
    """Binary cross-entropy from logits: ``mean(-y log sigmoid(z) - (1 - y) log(1 - sigmoid(z)))``.

    Uses the stable identity ``max(z, 0) - z y + log(1 + exp(-|z|))``. ``target`` holds 0/1 labels (or
    probabilities). Same as ``torch.nn.functional.binary_cross_entropy_with_logits``.
    """
    z, y = _pair(logits, target)
    return float(np.mean(np.maximum(z, 0) - z * y + np.log1p(np.exp(-np.abs(z)))))


def binary_cross_entropy_grad(logits, target) -> np.ndarray:
    """Gradient of :func:`binary_cross_entropy` with respect to the logits: ``(sigmoid(z) - y) / n``."""
    z, y = _pair(logits, target)
    return (sigmoid(z) - y) / z.size


def binary_cross_entropy_from_probs(probs, target, eps: float = 1e-7) -> float:
    """Binary cross-entropy from probabilities, clipped to ``[eps, 1 - eps]`` (Keras's default eps).

    Without the clip a confident wrong prediction (``p = 0`` for a positive example) gives ``log(0)``.
    """
    p, y = _pair(probs, target)
    p = np.clip(p, eps, 1 - eps)
    return float(np.mean(-y * np.log(p) - (1 - y) * np.log(1 - p)))


def log_softmax(logits, axis: int = -1) -> np.ndarray:
    """``log(softmax(z))`` along ``axis``, stable: ``z - max(z) - log(sum(exp(z - max(z))))``."""
    z = np.asarray(logits, dtype=np.float64)
    shifted = z - z.max(axis=axis, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=axis, keepdims=True))


def _targets_as_probs(target, logits: np.ndarray) -> np.ndarray:
    """Integer class labels ``[n]`` become one-hot rows; a ``[n, k]`` array is used as it is."""
    target = np.asarray(target)
    if target.ndim == logits.ndim - 1 and np.issubdtype(target.dtype, np.integer):
        k = logits.shape[-1]
        if target.min(initial=0) < 0 or target.max(initial=0) >= k:
            raise ValueError(f"class labels must lie in [0, {k}), got {target.min()}..{target.max()}")
        return np.eye(k)[target]
    if target.shape != logits.shape:
        raise ValueError(f"targets of shape {target.shape} do not fit logits of shape {logits.shape}")
    return target.astype(np.float64)


def categorical_cross_entropy(logits, target) -> float:
    """Categorical cross-entropy from logits ``[n, k]``: ``mean over rows of -sum(y * log_softmax(z))``.

    ``target`` is either integer labels ``[n]`` (as ``torch.nn.functional.cross_entropy`` and Keras's
    ``sparse_categorical_crossentropy``) or one-hot/probability rows ``[n, k]`` (as Keras's
    ``categorical_crossentropy``).
    """
    z = np.asarray(logits, dtype=np.float64)
    y = _targets_as_probs(target, z)
    return float(np.mean(-(y * log_softmax(z)).sum(axis=-1)))


def categorical_cross_entropy_grad(logits, target) -> np.ndarray:
    """Gradient of :func:`categorical_cross_entropy` w.r.t. the logits: ``(softmax(z) - y) / n``.

    (Valid when each target row sums to one, as one-hot rows and probability rows do.)
    """
    z = np.asarray(logits, dtype=np.float64)
    y = _targets_as_probs(target, z)
    n = z.size // z.shape[-1]
    return (np.exp(log_softmax(z)) - y) / n  # softmax, computed in float64


def _pair(a, b) -> tuple[np.ndarray, np.ndarray]:
    a = np.asarray(a, dtype=np.float64)
    b = np.asarray(b, dtype=np.float64)
    if a.shape != b.shape:
        raise ValueError(f"predictions of shape {a.shape} and targets of shape {b.shape} differ; "
                         f"reshape one of them (a [n] vs [n, 1] mix-up broadcasts silently to [n, n])")
    return a, b
