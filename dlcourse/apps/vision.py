"""Train and evaluate the chapter-4 PyTorch CNN on MNIST-style arrays, for the demos of chapter 5.

The training loop itself is taught in chapter 4 (``chapters/ch4_cnn``) and lives in
:mod:`dlcourse.training`; this module wraps it for NumPy arrays, for ``01_vision_explainability``,
``05_challenges``, ``06_trends`` and ``07_ethics``.
"""
from __future__ import annotations

import numpy as np
import torch
from torch import nn

from dlcourse import training


def to_tensor(images: np.ndarray) -> torch.Tensor:
    """uint8 images ``[N, 28, 28]`` -> float32 tensor ``[N, 1, 28, 28]`` scaled to [0, 1] (chapter 4's layout)."""
    return training.torch_images(images)


def train_classifier(model: nn.Module, images: np.ndarray, labels: np.ndarray, epochs: int = 1,
                     batch_size: int = 64, lr: float = 1e-3, seed: int = 0) -> list[float]:
    """Chapter 4's recipe (:func:`dlcourse.training.fit_torch`: Adam, cross-entropy, shuffled mini-batches)
    without a progress bar; returns the mean training loss of each epoch and leaves the model in eval mode.
    """
    history = training.fit_torch(model, training.torch_images(images), training.torch_labels(labels),
                                 epochs=epochs, batch_size=batch_size, lr=lr, seed=seed, progress=False)
    model.eval()
    return history["loss"]


@torch.no_grad()
def predict(model: nn.Module, images: np.ndarray, batch_size: int = 256) -> np.ndarray:
    """Predicted class of every image.

    Batches of a few hundred images keep each layer's activations small: with 1,000 images the first
    convolution's output alone is 86 MB, which costs more in memory allocation than in arithmetic.
    """
    model.eval()
    x = to_tensor(images)
    return np.concatenate([model(x[i:i + batch_size]).argmax(1).numpy() for i in range(0, len(x), batch_size)])


def accuracy(model: nn.Module, images: np.ndarray, labels: np.ndarray) -> float:
    """Fraction of images classified correctly."""
    return float((predict(model, images) == np.asarray(labels)).mean())

