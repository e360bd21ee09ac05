"""A small NumPy neural-network library: layers, losses, a container, an optimizer and a gradient check.

Taught in chapter 2, "Forward and backward propagation": the pages
``chapters/ch2_backpropagation/01_computational_graph.ipynb`` (the gradient check),
``chapters/ch2_backpropagation/02_backprop_equations.ipynb`` (the equations) and
``chapters/ch2_backpropagation/04_numpy_mlp_on_mnist.ipynb`` (this module, checked and trained on MNIST)
build every piece here by hand first.

Convention (the same as the chapter's equations): **examples are columns**. A batch of ``m`` inputs with
``n`` features is an array of shape ``(n, m)``; a dense layer's weight ``W`` has shape ``(n_out, n_in)``
and its bias ``b`` shape ``(n_out, 1)``, so ``Z = W @ A_prev + b``.

Every layer has ``forward(x)``, which stores what the backward pass needs (its cache), and
``backward(grad_out)``, which takes ``dL/d(output)``, stores the gradients of its own parameters and
returns ``dL/d(input)``. ``params()`` and ``grads()`` list the parameter arrays and their gradients in the
same order. The losses return the *mean* over the batch, so the ``1/m`` of the gradient lives in
``loss.backward()``, and ``dW = dZ @ A_prev.T`` needs no further division.

Arrays keep the dtype they are given: use float32 for training speed and float64 for gradient checks.
"""
from __future__ import annotations

import numpy as np

from dlcourse.activations import (relu, relu_derivative, sigmoid, sigmoid_derivative, tanh,
                                  tanh_derivative)

__all__ = ["Layer", "Dense", "Activation", "ReLU", "Sigmoid", "Tanh", "Sequential", "MSE",
           "SoftmaxCrossEntropy", "SGD", "numerical_gradient", "relative_error", "gradcheck"]


class Layer:
    """Base class: a layer without parameters unless a subclass adds some."""

    def forward(self, x: np.ndarray) -> np.ndarray:  # pragma: no cover - abstract
        raise NotImplementedError

    def backward(self, grad_out: np.ndarray) -> np.ndarray:  # pragma: no cover - abstract
        raise NotImplementedError

    def params(self) -> list[np.ndarray]:
        return []

    def grads(self) -> list[np.ndarray]:
        return []

    def __call__(self, x: np.ndarray) -> np.ndarray:
        return self.forward(x)


class Dense(Layer):
    """Fully connected layer ``Z = W @ A_prev + b`` with ``W`` of shape ``(n_out, n_in)``.

    Weights start as He-normal (``std = sqrt(2 / n_in)``), suited to ReLU; biases start at zero.
    Pass ``W`` and ``b`` to use given values (they are used as they are, not copied).
    """

    def __init__(self, n_in: int, n_out: int, *, rng: np.random.Generator | None = None,
                 dtype=np.float32, W: np.ndarray | None = None, b: np.ndarray | None = None):
        rng = np.random.default_rng() if rng is None else rng
        if W is None:
            W = (rng.standard_normal((n_out, n_in)) * np.sqrt(2.0 / n_in)).astype(dtype)
        if b is None:
            b = np.zeros((n_out, 1), dtype=W.dtype)
        if W.shape != (n_out, n_in) or b.shape != (n_out, 1):
            raise ValueError(f"expected W {(n_out, n_in)} and b {(n_out, 1)}, got {W.shape} and {b.shape}")
        self.W, self.b = W, b
        self.dW, self.db = np.zeros_like(W), np.zeros_like(b)
        self.A_prev: np.ndarray | None = None

    def forward(self, A_prev):
        self.A_prev = A_prev                      # cache: dW needs the layer's input
        Z = self.W @ A_prev
        Z += self.b                               # broadcast the bias over the m columns, in place
        return Z

    def backward(self, dZ):
        np.matmul(dZ, self.A_prev.T, out=self.dW)            # (n_out, m) @ (m, n_in)
        np.sum(dZ, axis=1, keepdims=True, out=self.db)       # one bias per unit: sum over examples
        return self.W.T @ dZ                                 # dA_prev: (n_in, n_out) @ (n_out, m)

    def params(self):
        return [self.W, self.b]

    def grads(self):
        return [self.dW, self.db]

    def __repr__(self):
        return f"Dense({self.W.shape[1]} -> {self.W.shape[0]})"


class Activation(Layer):
    """Element-wise activation ``A = f(Z)``; backward is ``dZ = dA * f'(Z)``."""

    def __init__(self, f, df, name: str = "Activation"):
        self.f, self.df, self.name = f, df, name
        self.Z: np.ndarray | None = None

    def forward(self, Z):
        self.Z = Z
        return self.f(Z)

    def backward(self, dA):
        return dA * self.df(self.Z)

    def __repr__(self):
        return f"{self.name}()"


class ReLU(Activation):
    """``max(0, z)``; its derivative is taken as 0 at ``z = 0``, as in PyTorch and TensorFlow."""

    def __init__(self):
        super().__init__(relu, relu_derivative, "ReLU")

    def backward(self, dA):
        # Same as dA * relu_derivative(Z) (1 where Z > 0, else 0) without building the 0/1 array.
        return np.where(self.Z > 0, dA, np.zeros((), dtype=dA.dtype))


class Sigmoid(Activation):
    """Logistic sigmoid; its derivative ``s (1 - s)`` reuses the forward output."""

    def __init__(self):
        super().__init__(sigmoid, sigmoid_derivative, "Sigmoid")

    def forward(self, Z):
        self.Z = Z
        self.A = sigmoid(Z)
        return self.A

    def backward(self, dA):
        return dA * self.A * (1.0 - self.A)


class Tanh(Activation):
    """Hyperbolic tangent; its derivative ``1 - tanh^2`` reuses the forward output."""

    def __init__(self):
        super().__init__(tanh, tanh_derivative, "Tanh")

    def forward(self, Z):
        self.Z = Z
        self.A = tanh(Z)
        return self.A

    def backward(self, dA):
        return dA * (1.0 - self.A * self.A)


class Sequential(Layer):
    """Layers applied one after another; ``backward`` visits them in reverse order."""

    def __init__(self, *layers: Layer):
        self.layers = list(layers)

    def forward(self, x):
        for layer in self.layers:
            x = layer.forward(x)
        return x

    def backward(self, grad_out):
        for layer in reversed(self.layers):
            grad_out = layer.backward(grad_out)
        return grad_out

    def params(self):
        return [p for layer in self.layers for p in layer.params()]

    def grads(self):
        return [g for layer in self.layers for g in layer.grads()]

    def __repr__(self):
        return "Sequential(" + ", ".join(map(repr, self.layers)) + ")"


class MSE:
    """Mean squared error over every entry: ``mean((Y_hat - Y)**2)`` (what Keras and PyTorch compute)."""

    def forward(self, Y_hat, Y):
        self.diff = Y_hat - Y
        return float(np.mean(self.diff * self.diff))

    def backward(self):
        return self.diff * (2.0 / self.diff.size)

    __call__ = forward


class SoftmaxCrossEntropy:
    """Softmax followed by cross-entropy, for logits ``Z`` of shape ``(classes, m)`` and integer labels ``(m,)``.

    Forward: ``mean_i( logsumexp(Z[:, i]) - Z[y_i, i] )``, computed after subtracting each column's maximum
    so that no exponent overflows. Backward: ``(softmax(Z) - one_hot(y)) / m``, the famous simple form.
    """

    def forward(self, Z, y):
        y = np.asarray(y)
        cols = np.arange(Z.shape[1])
        zmax = Z.max(axis=0, keepdims=True)
        P = np.exp(Z - zmax)                            # every exponent <= 0: no overflow
        total = P.sum(axis=0)
        log_p_true = (Z[y, cols] - zmax[0]) - np.log(total)   # log softmax of the true class
        P /= total                                      # softmax probabilities, column by column
        self.P, self.y = P, y
        return float(-np.mean(log_p_true))

    def backward(self):
        m = self.P.shape[1]
        dZ = self.P.copy()
        dZ[self.y, np.arange(m)] -= 1.0
        dZ *= 1.0 / m
        return dZ

    __call__ = forward


class SGD:
    """Mini-batch gradient descent with optional momentum, updating the parameter arrays in place.

    ``v = momentum * v + g``; ``p -= lr * v`` (PyTorch's form of momentum). ``momentum=0`` is plain SGD.
    """

    def __init__(self, params: list[np.ndarray], grads: list[np.ndarray], lr: float = 0.1,
                 momentum: float = 0.0):
        self.params, self.grads, self.lr, self.momentum = params, grads, lr, momentum
        self.velocity = [np.zeros_like(p) for p in params] if momentum else None

    def step(self):
        if self.velocity is None:
            for p, g in zip(self.params, self.grads):
                p -= self.lr * g
            return
        for p, g, v in zip(self.params, self.grads, self.velocity):
            v *= self.momentum
            v += g
            p -= self.lr * v


def numerical_gradient(f, x: np.ndarray, eps: float = 1e-6) -> np.ndarray:
    """Centered differences ``(f() at x + eps e_i  -  f() at x - eps e_i) / (2 eps)`` for every entry of ``x``.

    The course's one finite-difference checker, written out and explained on the page
    ``chapters/ch2_backpropagation/01_computational_graph.ipynb`` (section "Gradient checking", label
    ``ch2-gradient-check``); every later page imports it from here.

    ``f`` takes no argument and reads ``x``, which is changed in place and restored entry by entry, so the
    same call checks a parameter array inside a model: ``numerical_gradient(lambda: loss(model.forward(X), Y),
    W)``. For a function of its argument, ``g(x)``, pass ``lambda: g(x)``. The result is float64, with the
    shape of ``x``. ``x`` may be any writable array, a view included. Use float64 arrays: in float32 the
    rounding error swamps the difference.
    """
    grad = np.zeros(x.shape, dtype=np.float64)
    for i in np.ndindex(x.shape):
        old = x[i]
        x[i] = old + eps
        plus = f()
        x[i] = old - eps
        minus = f()
        x[i] = old
        grad[i] = (plus - minus) / (2 * eps)
    return grad


def relative_error(a: np.ndarray, b: np.ndarray) -> float:
    """``||a - b|| / (||a|| + ||b||)``, with Frobenius (Euclidean) norms over whole arrays; 0 when both are zero.

    The course's one definition of the relative error of a gradient (chapter 2, label
    ``ch2-gradient-check``). It is scale-free, so one threshold fits gradients of any size, and it lies
    between 0 (equal) and 1 (for example, one array zero or ``b == -a``). ``a`` and ``b`` must have the same
    shape: a gradient of the wrong shape is a bug to report, not something to broadcast.
    """
    a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    if a.shape != b.shape:
        raise ValueError(f"relative_error needs arrays of the same shape, got {a.shape} and {b.shape}")
    denominator = np.linalg.norm(a) + np.linalg.norm(b)
    return 0.0 if denominator == 0 else float(np.linalg.norm(a - b) / denominator)


def gradcheck(model: Layer, loss, X: np.ndarray, Y: np.ndarray, eps: float = 1e-6) -> float:
    """Largest relative error between backprop's gradients and centered differences, over all parameters.

    Runs ``loss(model.forward(X), Y)`` and ``model.backward(loss.backward())`` once for the analytic
    gradients, then perturbs every parameter entry by ``±eps``. The model's parameters, ``X`` and ``Y``
    must be float64. Returns ``max over parameter arrays of relative_error(analytic, numerical)``, with
    ``numerical_gradient`` and ``relative_error`` above. The course's bounds: 1e-7 for smooth activations,
    1e-5 for ReLU; ReLU's kink at 0 can raise the error far above that where a pre-activation lies within
    ``eps`` of zero, so check the smallest ``|Z|`` too (chapter 2, ``02_backprop_equations``).
    """
    for p in model.params():
        if p.dtype != np.float64:
            raise TypeError(f"gradcheck needs float64 parameters, got {p.dtype}")
    loss(model.forward(X), Y)
    model.backward(loss.backward())
    analytic = [g.copy() for g in model.grads()]
    worst = 0.0
    for p, g in zip(model.params(), analytic):
        numeric = numerical_gradient(lambda: loss(model.forward(X), Y), p, eps)
        worst = max(worst, relative_error(g, numeric))
    return worst
