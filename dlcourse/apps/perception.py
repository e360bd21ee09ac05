"""Generated street-free scenes for a one-object detector, boxes, IoU and the detection scores.

Taught in ``chapters/ch5_applications/08_driving_perception.ipynb``, which writes :func:`box_iou` in NumPy
first and checks this version against it. The scenes are **generated**: each one is a blank canvas with one
real data-set image (a Fashion-MNIST or MNIST item), resized and pasted at a random place, plus clutter
(small fragments cut from *other* images of the same split) and Gaussian pixel noise. Only the pasted object
has a box and a class; the fragments are there so that "the box around every bright pixel" is not the answer.

Boxes are ``[x0, y0, x1, y1]`` in pixels, with ``x1`` and ``y1`` one past the last column and row of the
object, so that a box's width is ``x1 - x0`` and its area ``(x1 - x0) * (y1 - y0)``.
"""
from __future__ import annotations

import numpy as np
import torch
import torch.nn.functional as F

INK = 0.1          # a pixel with intensity above this (on a 0..1 scale) belongs to the object


def resize(image: np.ndarray, size: int) -> np.ndarray:
    """A ``[28, 28]`` uint8 image as a ``[size, size]`` float32 array in 0..1 (bilinear, antialiased)."""
    x = torch.from_numpy(np.asarray(image, np.float32) / 255.0)[None, None]
    out = F.interpolate(x, size=(size, size), mode="bilinear", align_corners=False, antialias=True)
    return out[0, 0].clamp(0, 1).numpy()


def tight_box(patch: np.ndarray, threshold: float = INK) -> np.ndarray:
    """The box ``[x0, y0, x1, y1]`` around the pixels of ``patch`` above ``threshold`` (all of it if none)."""
    rows = np.flatnonzero((patch > threshold).any(axis=1))
    cols = np.flatnonzero((patch > threshold).any(axis=0))
    if len(rows) == 0:
        return np.array([0, 0, patch.shape[1], patch.shape[0]], dtype=np.float32)
    return np.array([cols[0], rows[0], cols[-1] + 1, rows[-1] + 1], dtype=np.float32)


def make_scenes(images: np.ndarray, labels: np.ndarray, n: int, *, canvas: int = 64,
                sizes: tuple[int, int] = (16, 40), fragments: int = 3, fragment_size: tuple[int, int] = (6, 12),
                noise: float = 0.08, seed: int = 0):
    """``n`` generated scenes, each with one real image pasted on a ``canvas``-pixel square.

    The object is image ``i`` (drawn at random) resized to a side drawn from ``sizes`` (inclusive) and
    pasted at a random position, wholly inside the canvas; ``fragments`` square crops of other images
    (side drawn from ``fragment_size``, at most 16, cut from the middle 16 × 16 pixels of the image) are pasted at random
    places, and Gaussian noise of standard deviation ``noise`` is added; pixels are combined by taking the
    brighter one and clipped to 0..1. Returns ``(scenes uint8 [n, canvas, canvas], boxes float32 [n, 4],
    labels int64 [n])``; a box is the tight box of the object's pixels above :data:`INK`.
    """
    rng = np.random.default_rng(seed)
    scenes = np.zeros((n, canvas, canvas), np.float32)
    boxes = np.zeros((n, 4), np.float32)
    picks = rng.integers(0, len(labels), n)
    for k, i in enumerate(picks):
        side = int(rng.integers(sizes[0], sizes[1] + 1))
        patch = resize(images[i], side)
        top, left = rng.integers(0, canvas - side + 1, 2)
        for _ in range(fragments):
            f = int(rng.integers(fragment_size[0], fragment_size[1] + 1))
            other = images[rng.integers(0, len(labels))].astype(np.float32) / 255.0
            r, c = rng.integers(6, 23 - f, 2)               # from the middle of the image, where its ink is
            y, x = rng.integers(0, canvas - f + 1, 2)
            region = scenes[k, y:y + f, x:x + f]
            np.maximum(region, other[r:r + f, c:c + f], out=region)
        region = scenes[k, top:top + side, left:left + side]
        np.maximum(region, patch, out=region)
        boxes[k] = tight_box(patch) + np.array([left, top, left, top], np.float32)
    scenes += rng.normal(0.0, noise, scenes.shape).astype(np.float32)
    scenes = np.clip(scenes, 0.0, 1.0)
    return (np.round(scenes * 255)).astype(np.uint8), boxes, np.asarray(labels)[picks].astype(np.int64)


def box_iou(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Intersection over union of matching rows of two ``[N, 4]`` box arrays (``[x0, y0, x1, y1]``)."""
    a, b = np.asarray(a, np.float64).reshape(-1, 4), np.asarray(b, np.float64).reshape(-1, 4)
    w = np.clip(np.minimum(a[:, 2], b[:, 2]) - np.maximum(a[:, 0], b[:, 0]), 0, None)
    h = np.clip(np.minimum(a[:, 3], b[:, 3]) - np.maximum(a[:, 1], b[:, 1]), 0, None)
    inter = w * h
    area = lambda z: (z[:, 2] - z[:, 0]) * (z[:, 3] - z[:, 1])  # noqa: E731
    union = area(a) + area(b) - inter
    return np.where(union > 0, inter / np.where(union > 0, union, 1), 0.0)


def threshold_box(scenes: np.ndarray, threshold: float = 0.5) -> np.ndarray:
    """A detector without learning: the box around every pixel brighter than ``threshold`` (0..1 scale)."""
    scenes = np.asarray(scenes, np.float32) / 255.0
    return np.stack([tight_box(s, threshold) for s in scenes])


def scores(pred_boxes: np.ndarray, pred_labels: np.ndarray, true_boxes: np.ndarray,
           true_labels: np.ndarray) -> dict[str, float]:
    """The detection scores of the page: mean IoU, the share with IoU >= 0.5 and >= 0.7, class accuracy,
    and the share of *correct detections* (IoU >= 0.5 and the right class, PASCAL VOC's criterion)."""
    iou = box_iou(pred_boxes, true_boxes)
    right = np.asarray(pred_labels) == np.asarray(true_labels)
    return {"mean_iou": float(iou.mean()), "iou50": float((iou >= 0.5).mean()),
            "iou70": float((iou >= 0.7).mean()), "class_acc": float(right.mean()),
            "correct": float(((iou >= 0.5) & right).mean())}


def to_boxes(cxcywh: np.ndarray, canvas: int) -> np.ndarray:
    """A network's ``[cx, cy, w, h]`` outputs as fractions of the canvas -> pixel boxes ``[x0, y0, x1, y1]``."""
    c = np.asarray(cxcywh, np.float64) * canvas
    return np.stack([c[:, 0] - c[:, 2] / 2, c[:, 1] - c[:, 3] / 2, c[:, 0] + c[:, 2] / 2, c[:, 1] + c[:, 3] / 2], 1)


def to_cxcywh(boxes: np.ndarray, canvas: int) -> np.ndarray:
    """Pixel boxes ``[x0, y0, x1, y1]`` -> ``[cx, cy, w, h]`` as fractions of the canvas (the inverse of
    :func:`to_boxes`)."""
    b = np.asarray(boxes, np.float64)
    return np.stack([(b[:, 0] + b[:, 2]) / 2, (b[:, 1] + b[:, 3]) / 2, b[:, 2] - b[:, 0], b[:, 3] - b[:, 1]],
                    1) / canvas
