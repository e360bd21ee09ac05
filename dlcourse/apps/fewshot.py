"""Few-shot classification with class prototypes: the mean feature vector of a handful of examples.

Taught in ``chapters/ch5_applications/06_trends.ipynb`` (the idea of prototypical networks, with a
pretrained feature extractor and no further training).
"""
from __future__ import annotations

import numpy as np


def sample_support(labels: np.ndarray, shots: int, seed: int = 0) -> np.ndarray:
    """Indices of ``shots`` random examples of every class in ``labels`` (the support set)."""
    rng = np.random.default_rng(seed)
    picks = [rng.choice(np.flatnonzero(labels == c), size=shots, replace=False) for c in np.unique(labels)]
    return np.concatenate(picks)


def prototypes(features: np.ndarray, labels: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``(classes, prototypes)``: the mean feature vector of each class present in ``labels``."""
    classes = np.unique(labels)
    return classes, np.stack([features[labels == c].mean(axis=0) for c in classes])


def nearest_prototype(features: np.ndarray, classes: np.ndarray, protos: np.ndarray) -> np.ndarray:
    """The class of the prototype nearest (Euclidean) to each row of ``features``."""
    d2 = (features ** 2).sum(1)[:, None] - 2 * features @ protos.T + (protos ** 2).sum(1)[None, :]
    return classes[np.argmin(d2, axis=1)]
