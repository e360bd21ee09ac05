"""Saliency and occlusion maps: which pixels drove a prediction.

Taught in ``chapters/ch5_applications/01_vision_explainability.ipynb``, which builds both maps in plain
code first and checks them against these functions. Works with any PyTorch classifier that maps a batch
``[N, C, H, W]`` to logits ``[N, classes]``.
"""
from __future__ import annotations

import numpy as np
import torch


def saliency_map(model: torch.nn.Module, image: torch.Tensor, target: int) -> np.ndarray:
    """|d logit_target / d pixel| for one image ``[C, H, W]``, maximised over channels: an ``[H, W]`` array."""
    model.eval()
    x = image.detach().clone().unsqueeze(0).requires_grad_(True)
    logit = model(x)[0, target]
    (grad,) = torch.autograd.grad(logit, x)
    return grad[0].abs().amax(dim=0).numpy()


@torch.no_grad()
def occlusion_map(model: torch.nn.Module, image: torch.Tensor, target: int, patch: int = 6,
                  stride: int = 2, fill: float = 0.0) -> np.ndarray:
    """Drop in the target class's probability when a ``patch``×``patch`` square is set to ``fill``.

    Every position of the square (moved by ``stride``) is tried in one batch; each pixel's value is the
    mean drop over the squares that covered it. Positive = the pixel supported the prediction.
    """
    model.eval()
    _, height, width = image.shape
    base = torch.softmax(model(image.unsqueeze(0)), dim=1)[0, target].item()
    tops = range(0, height - patch + 1, stride)
    lefts = range(0, width - patch + 1, stride)
    batch, boxes = [], []
    for top in tops:
        for left in lefts:
            occluded = image.clone()
            occluded[:, top:top + patch, left:left + patch] = fill
            batch.append(occluded)
            boxes.append((top, left))
    probs = torch.softmax(model(torch.stack(batch)), dim=1)[:, target].numpy()
    total = np.zeros((height, width))
    count = np.zeros((height, width))
    for (top, left), p in zip(boxes, probs):
        total[top:top + patch, left:left + patch] += base - p
        count[top:top + patch, left:left + patch] += 1
    return total / np.maximum(count, 1)
