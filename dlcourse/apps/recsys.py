"""Matrix factorisation for recommendations, trained by full-batch gradient descent in NumPy.

Taught in ``chapters/ch5_applications/04_recommenders_and_games.ipynb``: a rating is modelled as
``mu + b_user + b_item + p_user · q_item`` and the squared error on the observed ratings (plus an L2
penalty) is minimised.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np


def generated_ratings(n_users: int = 200, n_items: int = 100, rank: int = 3, density: float = 0.2,
                      noise: float = 0.3, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """A *generated* ratings table: true low-rank tastes, clipped to 1..5, with a random ``density`` observed.

    Returns ``(ratings [users, items] float, observed mask [users, items] bool)``.
    """
    rng = np.random.default_rng(seed)
    users = rng.normal(0.0, 1.0, (n_users, rank))
    items = rng.normal(0.0, 1.0, (n_items, rank))
    true = 3.0 + 0.5 * rng.normal(size=(n_users, 1)) + 0.5 * rng.normal(size=(1, n_items)) + users @ items.T / np.sqrt(rank)
    ratings = np.clip(true + noise * rng.standard_normal(true.shape), 1.0, 5.0)
    mask = rng.random(true.shape) < density
    return ratings, mask


@dataclass
class MatrixFactorization:
    """Learned parameters: global mean, user and item biases, user and item factor matrices."""

    mu: float
    user_bias: np.ndarray
    item_bias: np.ndarray
    P: np.ndarray
    Q: np.ndarray

    def predict(self) -> np.ndarray:
        """The full predicted table ``[users, items]``."""
        return self.mu + self.user_bias[:, None] + self.item_bias[None, :] + self.P @ self.Q.T


def loss_and_grads(model: MatrixFactorization, ratings: np.ndarray, mask: np.ndarray, l2: float):
    """Mean squared error over observed entries + ``l2`` * squared norms, and its gradients."""
    n = mask.sum()
    error = np.where(mask, model.predict() - ratings, 0.0)
    loss = (error ** 2).sum() / n + l2 * ((model.P ** 2).sum() + (model.Q ** 2).sum())
    scale = 2.0 / n
    grads = {
        "user_bias": scale * error.sum(axis=1),
        "item_bias": scale * error.sum(axis=0),
        "P": scale * error @ model.Q + 2 * l2 * model.P,
        "Q": scale * error.T @ model.P + 2 * l2 * model.Q,
    }
    return float(loss), grads


def fit(ratings: np.ndarray, mask: np.ndarray, rank: int = 3, steps: int = 500, lr: float = 20.0,
        l2: float = 1e-4, seed: int = 0) -> tuple[MatrixFactorization, list[float]]:
    """Full-batch gradient descent from small random factors; returns the model and the loss per step.

    The loss is a *mean* over observed entries, so per-entry gradients are tiny and the step size is large.
    """
    rng = np.random.default_rng(seed)
    n_users, n_items = ratings.shape
    model = MatrixFactorization(
        mu=float(ratings[mask].mean()),
        user_bias=np.zeros(n_users), item_bias=np.zeros(n_items),
        P=0.1 * rng.standard_normal((n_users, rank)), Q=0.1 * rng.standard_normal((n_items, rank)),
    )
    history = []
    for _ in range(steps):
        loss, grads = loss_and_grads(model, ratings, mask, l2)
        history.append(loss)
        for name, grad in grads.items():
            setattr(model, name, getattr(model, name) - lr * grad)
    return model, history


def rmse(model: MatrixFactorization, ratings: np.ndarray, mask: np.ndarray) -> float:
    """Root mean squared error of the model on the entries where ``mask`` is True."""
    return float(np.sqrt(np.mean((model.predict()[mask] - ratings[mask]) ** 2)))
