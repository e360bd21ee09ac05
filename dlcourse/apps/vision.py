"""Train and evaluate the chapter-4 PyTorch CNN on MNIST-style arrays, for the demos of chapter 5.

The training loop itself is taught in chapter 4 (``chapters/ch4_cnn``); chapter 5 calls this small
version of it in ``01_vision_explainability``, ``05_challenges``, ``06_trends`` and ``07_ethics``.
"""
from __future__ import annotations

import numpy as np
import torch
from torch import nn


def to_tensor(images: np.ndarray) -> torch.Tensor:
    """uint8 images ``[N, 28, 28]`` -> float32 tensor ``[N, 1, 28, 28]`` scaled to [0, 1]."""
    return torch.from_numpy(np.asarray(images, dtype=np.float32) / 255.0).unsqueeze(1)


def train_classifier(model: nn.Module, images: np.ndarray, labels: np.ndarray, epochs: int = 1,
                     batch_size: int = 64, lr: float = 1e-3, seed: int = 0) -> list[float]:
    """Adam on cross-entropy, shuffled mini-batches; returns the mean training loss of each epoch."""
    x, y = to_tensor(images), torch.as_tensor(np.asarray(labels), dtype=torch.long)
    optimizer = torch.optim.Adam(model.parameters(), lr=lr)
    loss_fn = nn.CrossEntropyLoss()
    generator = torch.Generator().manual_seed(seed)
    history = []
    model.train()
    for _ in range(epochs):
        order = torch.randperm(len(y), generator=generator)
        total = 0.0
        for start in range(0, len(y), batch_size):
            batch = order[start:start + batch_size]
            optimizer.zero_grad()
            loss = loss_fn(model(x[batch]), y[batch])
            loss.backward()
            optimizer.step()
            total += loss.item() * len(batch)
        history.append(total / len(y))
    model.eval()
    return history


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


def load_mnist_train() -> tuple[np.ndarray, np.ndarray]:
    """``dlcourse.data.load_mnist('train')``, with the fallback notice printed without the local folder name.

    Pages must not show local paths; the notice of :func:`dlcourse.data.load_mnist` names the data home,
    so it is captured and reprinted with the folder shortened to ``$DLCOURSE_DATA``.
    """
    import contextlib
    import io
    import re

    from dlcourse import data

    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        images, labels = data.load_mnist("train")
    notice = buffer.getvalue().strip()
    if notice:
        print(re.sub(r"in \S*/mnist/", "in $DLCOURSE_DATA/mnist/", notice))
    return images, labels
