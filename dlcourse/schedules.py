"""Learning-rate schedules: step decay, cosine annealing and linear warm-up.

Taught in Chapter 3, page ``chapters/ch3_optimization/05_schedules`` ("Learning-rate schedules").
A schedule is a callable ``lr = schedule(t)`` of the step (or epoch) number ``t = 0, 1, 2...``; set
``opt.lr = schedule(t)`` before each step (see :mod:`dlcourse.optim`). The formulas are those of
PyTorch's ``StepLR``, ``CosineAnnealingLR`` and ``LinearLR``, and the unit tests check them against PyTorch.
"""
from __future__ import annotations

import math
from dataclasses import dataclass


@dataclass(frozen=True)
class Constant:
    """``lr`` at every step."""

    lr: float

    def __call__(self, t: int) -> float:
        return self.lr


@dataclass(frozen=True)
class StepDecay:
    """Multiply the learning rate by ``gamma`` every ``step_size`` steps: ``lr * gamma ** (t // step_size)``."""

    lr: float
    step_size: int
    gamma: float = 0.1

    def __call__(self, t: int) -> float:
        return self.lr * self.gamma ** (t // self.step_size)


@dataclass(frozen=True)
class Cosine:
    """Cosine annealing from ``lr`` down to ``lr_min`` over ``total`` steps, then ``lr_min``.

    ``lr_min + (lr - lr_min) * (1 + cos(pi * t / total)) / 2``.
    """

    lr: float
    total: int
    lr_min: float = 0.0

    def __call__(self, t: int) -> float:
        t = min(t, self.total)
        return self.lr_min + (self.lr - self.lr_min) * (1 + math.cos(math.pi * t / self.total)) / 2


@dataclass(frozen=True)
class Warmup:
    """Linear warm-up over ``steps`` steps from ``start_factor * after(0)`` to ``after(0)``, then ``after``.

    ``after`` is another schedule (or a number for a constant rate); it is evaluated at ``t - steps``, so
    it starts from its beginning once the warm-up is over. With a constant ``after`` this is PyTorch's
    ``LinearLR(start_factor, total_iters=steps)``.
    """

    after: object
    steps: int
    start_factor: float = 0.0

    def __call__(self, t: int) -> float:
        after = self.after if callable(self.after) else Constant(float(self.after))
        if t >= self.steps:
            return after(t - self.steps)
        frac = self.start_factor + (1 - self.start_factor) * t / self.steps
        return frac * after(0)


def values(schedule, n: int) -> list[float]:
    """The first ``n`` learning rates of a schedule, for plotting."""
    return [schedule(t) for t in range(n)]
