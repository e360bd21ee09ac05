"""Gradient-descent optimizers in plain NumPy: SGD, Momentum (and Nesterov), RMSprop, Adam and AdamW.

Taught in Chapter 3, page ``chapters/ch3_optimization/04_optimizers`` ("Optimizers from scratch"), which
writes each update rule out as a few lines of code before using the versions here. AdamW (decoupled weight
decay) is taught with regularisation, ``chapters/ch6_training_deep_networks/04_regularisation``.

Every optimizer has the same small interface::

    opt = Adam(lr=0.01)
    for step in range(100):
        grads = compute_gradients(params)      # a list of arrays, one per parameter
        opt.step(params, grads)                # updates the arrays in ``params`` in place

``params`` is a list of NumPy arrays (float64 recommended); the optimizer keeps its state (velocities,
running averages) per position in that list, so pass the same list in the same order at every step.
``opt.lr`` may be changed between steps, which is how a learning-rate schedule is applied
(see :mod:`dlcourse.schedules`).

The update rules follow PyTorch's ``torch.optim`` and Keras 3's ``keras.optimizers`` exactly. Where the
two libraries disagree, the difference is an explicit option:

* ``momentum_style='torch'`` keeps a velocity of raw gradients and multiplies by the learning rate when
  stepping; ``'keras'`` folds the learning rate into the velocity when it is accumulated. With a constant
  learning rate the two give the same trajectory; with a schedule they differ, because the Keras velocity
  remembers the old learning rates.
* RMSprop's ``eps_inside_sqrt``: PyTorch divides by ``sqrt(v) + eps``, Keras by ``sqrt(v + eps)``.
* Adam's ``eps_hat``: PyTorch divides the bias-corrected moments, ``m_hat / (sqrt(v_hat) + eps)``;
  Keras uses the "epsilon hat" form of the Adam paper (Kingma and Ba, section 2, last paragraph),
  ``m_hat / (sqrt(v_hat) + eps / sqrt(1 - beta2**t))``.

Default hyperparameters are PyTorch's; :func:`keras_like` returns an optimizer configured like Keras
(its defaults and conventions).
"""
from __future__ import annotations

import numpy as np

_STYLES = ("torch", "keras")


class Optimizer:
    """Base class: holds the learning rate, a step counter and per-parameter state.

    Subclasses implement :meth:`_update` for one parameter array.
    """

    def __init__(self, lr: float):
        if lr < 0:
            raise ValueError(f"learning rate must be >= 0, got {lr}")
        self.lr = float(lr)
        self.t = 0  # number of steps taken so far
        self.state: list[dict] | None = None

    def step(self, params, grads) -> None:
        """Update every array in ``params`` in place, using the matching array in ``grads``."""
        params, grads = list(params), list(grads)
        if len(params) != len(grads):
            raise ValueError(f"got {len(params)} parameters but {len(grads)} gradients")
        if self.state is None:
            self.state = [{} for _ in params]
        elif len(self.state) != len(params):
            raise ValueError("the number of parameters changed between steps")
        self.t += 1
        for p, g, s in zip(params, grads, self.state):
            g = np.asarray(g, dtype=p.dtype)
            if g.shape != p.shape:
                raise ValueError(f"gradient shape {g.shape} does not match parameter shape {p.shape}")
            self._update(p, g, s)

    def reset(self) -> None:
        """Forget all state, as if the optimizer had just been created."""
        self.t = 0
        self.state = None

    def _update(self, p: np.ndarray, g: np.ndarray, s: dict) -> None:  # pragma: no cover - abstract
        raise NotImplementedError

    def __repr__(self) -> str:
        fields = ", ".join(f"{k}={v!r}" for k, v in vars(self).items() if k not in ("t", "state"))
        return f"{type(self).__name__}({fields})"


class SGD(Optimizer):
    """Plain (stochastic) gradient descent: ``p <- p - lr * g``.

    ``weight_decay`` adds ``weight_decay * p`` to the gradient first (L2 regularisation, as in PyTorch).
    """

    def __init__(self, lr: float = 0.01, weight_decay: float = 0.0):
        super().__init__(lr)
        self.weight_decay = weight_decay

    def _update(self, p, g, s):
        if self.weight_decay:
            g = g + self.weight_decay * p
        p -= self.lr * g


class Momentum(Optimizer):
    """SGD with momentum, optionally Nesterov's variant.

    ``momentum_style='torch'`` (PyTorch's ``SGD(momentum=mu, dampening=d, nesterov=...)``)::

        b <- g                      on the first step
        b <- mu * b + (1 - d) * g   afterwards
        p <- p - lr * (g + mu * b)  if nesterov, else  p <- p - lr * b

    ``momentum_style='keras'`` (Keras 3's ``SGD(momentum=mu, nesterov=...)``; no dampening)::

        v <- mu * v - lr * g
        p <- p + mu * v - lr * g    if nesterov, else  p <- p + v

    With a constant learning rate and no dampening both give the same trajectory (``v = -lr * b``).
    """

    def __init__(self, lr: float = 0.01, momentum: float = 0.9, nesterov: bool = False,
                 dampening: float = 0.0, weight_decay: float = 0.0, momentum_style: str = "torch"):
        super().__init__(lr)
        if momentum_style not in _STYLES:
            raise ValueError(f"momentum_style must be one of {_STYLES}, got {momentum_style!r}")
        if nesterov and (momentum <= 0 or dampening != 0):
            raise ValueError("Nesterov momentum needs momentum > 0 and zero dampening (as in PyTorch)")
        if momentum_style == "keras" and dampening != 0:
            raise ValueError("Keras-style momentum has no dampening")
        self.momentum, self.nesterov, self.dampening = momentum, nesterov, dampening
        self.weight_decay, self.momentum_style = weight_decay, momentum_style

    def _update(self, p, g, s):
        mu = self.momentum
        if self.weight_decay:
            g = g + self.weight_decay * p
        if self.momentum_style == "torch":
            if "b" not in s:
                s["b"] = g.copy()
            else:
                s["b"] = mu * s["b"] + (1 - self.dampening) * g
            p -= self.lr * (g + mu * s["b"] if self.nesterov else s["b"])
        else:
            v = s.get("v", np.zeros_like(p))
            s["v"] = v = mu * v - self.lr * g
            p += (mu * v - self.lr * g) if self.nesterov else v


class RMSprop(Optimizer):
    """RMSprop: divide each step by a running root-mean-square of recent gradients.

    ::

        v <- rho * v + (1 - rho) * g**2
        (centered)  a <- rho * a + (1 - rho) * g ;  v_used = v - a**2,  else v_used = v
        d = sqrt(v_used) + eps            (PyTorch, eps_inside_sqrt=False)
        d = sqrt(v_used + eps)            (Keras,   eps_inside_sqrt=True)
        p <- p - lr * g / d               (no momentum)

    PyTorch calls ``rho`` ``alpha`` (default 0.99, eps 1e-8); Keras calls it ``rho`` (default 0.9,
    epsilon 1e-7). With ``momentum > 0`` the scaled step ``g / d`` is accumulated in a velocity, with the
    learning rate outside it (``momentum_style='torch'``) or inside it (``'keras'``), as for
    :class:`Momentum`.
    """

    def __init__(self, lr: float = 0.01, rho: float = 0.99, eps: float = 1e-8, momentum: float = 0.0,
                 centered: bool = False, eps_inside_sqrt: bool = False, momentum_style: str = "torch"):
        super().__init__(lr)
        if momentum_style not in _STYLES:
            raise ValueError(f"momentum_style must be one of {_STYLES}, got {momentum_style!r}")
        self.rho, self.eps, self.momentum, self.centered = rho, eps, momentum, centered
        self.eps_inside_sqrt, self.momentum_style = eps_inside_sqrt, momentum_style

    def _update(self, p, g, s):
        rho = self.rho
        s["v"] = v = rho * s.get("v", np.zeros_like(p)) + (1 - rho) * g * g
        if self.centered:
            s["a"] = a = rho * s.get("a", np.zeros_like(p)) + (1 - rho) * g
            v = v - a * a
        d = np.sqrt(v + self.eps) if self.eps_inside_sqrt else np.sqrt(v) + self.eps
        if self.momentum > 0:
            buf = s.get("buf", np.zeros_like(p))
            if self.momentum_style == "torch":
                s["buf"] = buf = self.momentum * buf + g / d
                p -= self.lr * buf
            else:
                s["buf"] = buf = self.momentum * buf + self.lr * g / d
                p -= buf
        else:
            p -= self.lr * g / d


class Adam(Optimizer):
    """Adam: momentum on the gradient, RMSprop-style scaling, and bias correction of both averages.

    ::

        m <- beta1 * m + (1 - beta1) * g
        v <- beta2 * v + (1 - beta2) * g**2
        m_hat = m / (1 - beta1**t),  v_hat = v / (1 - beta2**t)
        p <- p - lr * m_hat / (sqrt(v_hat) + eps)                          (PyTorch, eps_hat=False)
        p <- p - lr * m_hat / (sqrt(v_hat) + eps / sqrt(1 - beta2**t))     (Keras,   eps_hat=True)

    The Keras form is what you get from the cheaper rearrangement
    ``alpha_t = lr * sqrt(1 - beta2**t) / (1 - beta1**t)``, ``p <- p - alpha_t * m / (sqrt(v) + eps)``.
    Defaults: PyTorch ``eps=1e-8``; Keras uses ``epsilon=1e-7``.

    ``weight_decay`` adds ``weight_decay * p`` to the gradient first (L2 regularisation, as PyTorch's
    ``Adam(weight_decay=...)``): the penalty's gradient is then rescaled by ``sqrt(v_hat)`` like any other,
    which is why :class:`AdamW` decouples it.
    """

    def __init__(self, lr: float = 0.001, beta1: float = 0.9, beta2: float = 0.999, eps: float = 1e-8,
                 eps_hat: bool = False, weight_decay: float = 0.0):
        super().__init__(lr)
        self.beta1, self.beta2, self.eps, self.eps_hat = beta1, beta2, eps, eps_hat
        self.weight_decay = weight_decay

    decoupled = False  # AdamW: decay the weights outside the adaptive step instead

    def _update(self, p, g, s):
        if self.weight_decay and self.decoupled:
            p *= 1 - self.lr * self.weight_decay
        elif self.weight_decay:
            g = g + self.weight_decay * p
        b1, b2, t = self.beta1, self.beta2, self.t
        s["m"] = m = b1 * s.get("m", np.zeros_like(p)) + (1 - b1) * g
        s["v"] = v = b2 * s.get("v", np.zeros_like(p)) + (1 - b2) * g * g
        c1, c2 = 1 - b1 ** t, 1 - b2 ** t
        if self.eps_hat:
            alpha = self.lr * np.sqrt(c2) / c1
            p -= alpha * m / (np.sqrt(v) + self.eps)
        else:
            p -= (self.lr / c1) * m / (np.sqrt(v) / np.sqrt(c2) + self.eps)


class AdamW(Adam):
    """Adam with decoupled weight decay (Loshchilov and Hutter, 2019), as PyTorch's ``torch.optim.AdamW``.

    ::

        p <- p - lr * weight_decay * p          (shrink every weight by the same factor)
        then the Adam step on the gradient of the loss alone

    Unlike L2 in :class:`Adam`, the decay is not divided by ``sqrt(v_hat)``, so weights with large and
    small gradients decay at the same rate. PyTorch's default ``weight_decay`` is 0.01.
    """

    decoupled = True

    def __init__(self, lr: float = 0.001, beta1: float = 0.9, beta2: float = 0.999, eps: float = 1e-8,
                 weight_decay: float = 0.01):
        super().__init__(lr, beta1, beta2, eps, weight_decay=weight_decay)


def keras_like(name: str, lr: float | None = None, **kwargs) -> Optimizer:
    """An optimizer with Keras 3's defaults and conventions: ``'sgd'``, ``'momentum'``, ``'rmsprop'``, ``'adam'``.

    ``lr`` defaults to Keras's default learning rate; other keyword arguments override the defaults.
    """
    name = name.lower()
    if name == "sgd":
        return SGD(lr=0.01 if lr is None else lr, **kwargs)
    if name == "momentum":
        return Momentum(lr=0.01 if lr is None else lr, **{"momentum_style": "keras", **kwargs})
    if name == "rmsprop":
        defaults = dict(rho=0.9, eps=1e-7, eps_inside_sqrt=True, momentum_style="keras")
        return RMSprop(lr=0.001 if lr is None else lr, **{**defaults, **kwargs})
    if name == "adam":
        return Adam(lr=0.001 if lr is None else lr, **{"eps": 1e-7, "eps_hat": True, **kwargs})
    raise ValueError(f"unknown optimizer {name!r}; use 'sgd', 'momentum', 'rmsprop' or 'adam'")


def minimize(grad_fn, x0, opt: Optimizer, steps: int, lr_schedule=None) -> np.ndarray:
    """Run ``opt`` on a single parameter vector and return the trajectory, shape ``[steps + 1, dim]``.

    ``grad_fn(x)`` returns the gradient at ``x``. ``lr_schedule(t)`` (optional) sets ``opt.lr`` before
    step ``t`` (counting from 0). Used for the 2-D landscapes of Chapter 3.
    """
    x = np.array(x0, dtype=np.float64)
    path = [x.copy()]
    for t in range(steps):
        if lr_schedule is not None:
            opt.lr = float(lr_schedule(t))
        opt.step([x], [grad_fn(x)])
        path.append(x.copy())
    return np.array(path)
