"""Pictures for the chapter-4 network: digit grids, the kernel-sliding widget, evaluation plots, filters.

Taught in :doc:`/chapters/ch4_cnn/01_convolutions` (:func:`correlate2d`, :func:`max_pool2d` and
:func:`kernel_slider`, each written out in the page first), :doc:`/chapters/ch4_cnn/02_data`
(:func:`plot_digits`) and :doc:`/chapters/ch4_cnn/03_keras` (:func:`confusion_matrix`,
:func:`most_confident_mistakes` and their plots). Every plot has a title and axis labels and returns its
figure; nothing here depends on a deep-learning framework (weights come in as NumPy arrays).
"""
from __future__ import annotations

import numpy as np


# ---------------------------------------------------------------------------------------------------------
# The operations, in plain NumPy
# ---------------------------------------------------------------------------------------------------------
def correlate2d(image: np.ndarray, kernel: np.ndarray, padding: int = 0, stride: int = 1) -> np.ndarray:
    """What deep-learning libraries call a 2-D convolution of one channel (a cross-correlation: the kernel
    is not flipped): ``out[i, j] = sum(patch(i, j) * kernel)``.

    ``padding`` zeros are added on every side; the output is ``(H + 2p - k) // s + 1`` on each axis.
    """
    image = np.asarray(image, dtype=np.float64)
    kernel = np.asarray(kernel, dtype=np.float64)
    if padding:
        image = np.pad(image, padding)
    kh, kw = kernel.shape
    out_h = (image.shape[0] - kh) // stride + 1
    out_w = (image.shape[1] - kw) // stride + 1
    if out_h < 1 or out_w < 1:
        raise ValueError(f"a {kernel.shape} kernel does not fit in a {image.shape} image")
    out = np.empty((out_h, out_w))
    for i in range(out_h):
        for j in range(out_w):
            r, c = i * stride, j * stride
            out[i, j] = np.sum(image[r:r + kh, c:c + kw] * kernel)
    return out


def max_pool2d(image: np.ndarray, size: int = 2) -> np.ndarray:
    """Max pooling with a ``size x size`` window and stride ``size`` (a leftover row/column is dropped)."""
    image = np.asarray(image)
    h, w = image.shape[0] // size, image.shape[1] // size
    return image[:h * size, :w * size].reshape(h, size, w, size).max(axis=(1, 3))


# ---------------------------------------------------------------------------------------------------------
# Data
# ---------------------------------------------------------------------------------------------------------
def _image_grid(n: int, cols: int, cell_width: float, cell_height: float):
    """A figure of ``ceil(n / cols)`` rows of tick-less axes; returns ``(fig, the first n axes)``.

    The axes beyond ``n`` in the last row are switched off.
    """
    import matplotlib.pyplot as plt

    rows = (n + cols - 1) // cols
    fig, axes = plt.subplots(rows, cols, figsize=(cell_width * cols, cell_height * rows), squeeze=False)
    for k, ax in enumerate(axes.flat):
        ax.set_xticks([])
        ax.set_yticks([])
        if k >= n:
            ax.axis("off")
    return fig, list(axes.flat)[:n]


def plot_digits(images, labels=None, class_names=None, n: int = 32, cols: int = 8, title: str = "Sample images",
                predictions=None):
    """A grid of the first ``n`` images with their labels (and predictions, shown red when wrong)."""
    n = min(n, len(images))
    fig, axes = _image_grid(n, cols, 1.25, 1.45)
    for k, ax in enumerate(axes):
        ax.imshow(np.squeeze(images[k]), cmap="gray_r")
        if labels is not None:
            name = class_names[labels[k]] if class_names is not None else str(labels[k])
            if predictions is None:
                ax.set_title(name, fontsize=8)
            else:
                guess = class_names[predictions[k]] if class_names is not None else str(predictions[k])
                ax.set_title(f"{name}→{guess}", fontsize=8,
                             color="black" if predictions[k] == labels[k] else "red")
    fig.suptitle(title)
    fig.tight_layout()
    return fig


# ---------------------------------------------------------------------------------------------------------
# The kernel-sliding widget
# ---------------------------------------------------------------------------------------------------------
def draw_kernel_step(image: np.ndarray, kernel: np.ndarray, row: int, col: int):
    """One step of a 3x3 (or any k x k) kernel sliding over ``image`` without padding, stride 1.

    Four panels: the image with the kernel's window, the window's pixel values times the kernel weights
    (each product printed), and the output map filled in up to ``(row, col)`` in reading order.
    Returns the figure.
    """
    import matplotlib.pyplot as plt
    from matplotlib.patches import Rectangle

    image = np.asarray(image, dtype=np.float64)
    kernel = np.asarray(kernel, dtype=np.float64)
    k = kernel.shape[0]
    full = correlate2d(image, kernel)
    row = int(np.clip(row, 0, full.shape[0] - 1))
    col = int(np.clip(col, 0, full.shape[1] - 1))
    patch = image[row:row + k, col:col + k]
    products = patch * kernel
    partial = np.full(full.shape, np.nan)
    flat_upto = row * full.shape[1] + col + 1
    partial.flat[:flat_upto] = full.flat[:flat_upto]

    fig, axes = plt.subplots(1, 4, figsize=(13, 3.4), gridspec_kw={"width_ratios": [1.2, 1, 1, 1.2]})
    ax = axes[0]
    ax.imshow(image, cmap="gray_r")
    ax.add_patch(Rectangle((col - 0.5, row - 0.5), k, k, fill=False, edgecolor="red", linewidth=2))
    ax.set_title(f"input {image.shape[0]}x{image.shape[1]}, window at ({row}, {col})")
    ax.set_xlabel("column")
    ax.set_ylabel("row")

    ax = axes[1]
    ax.imshow(patch, cmap="gray_r", vmin=0, vmax=max(1.0, float(image.max())))
    for (i, j), v in np.ndenumerate(patch):
        ax.text(j, i, f"{v:.2f}", ha="center", va="center", fontsize=8, color="tab:orange")
    ax.set_title("pixel values in the window", fontsize=9)

    ax = axes[2]
    lim = np.abs(products).max() + 1e-9
    ax.imshow(products, cmap="RdBu_r", vmin=-lim, vmax=lim)
    for (i, j), v in np.ndenumerate(products):
        ax.text(j, i, f"{patch[i, j]:.2f}\n×{kernel[i, j]:+g}\n={v:+.2f}", ha="center", va="center", fontsize=7,
                color="white" if abs(v) > 0.6 * lim else "black")
    ax.set_title(f"pixel × weight, sum = {products.sum():.2f}", fontsize=9)
    for ax in axes[1:3]:
        ax.set_xlabel("kernel column")
        ax.set_ylabel("kernel row")
        ax.set_xticks(range(k))
        ax.set_yticks(range(k))

    ax = axes[3]
    lim = np.abs(full).max() + 1e-9
    ax.imshow(partial, cmap="RdBu_r", vmin=-lim, vmax=lim)
    ax.add_patch(Rectangle((col - 0.5, row - 0.5), 1, 1, fill=False, edgecolor="red", linewidth=2))
    ax.set_title(f"output {full.shape[0]}x{full.shape[1]}: out[{row}, {col}] = {full[row, col]:.2f}", fontsize=9)
    ax.set_xlabel("column")
    ax.set_ylabel("row")
    fig.tight_layout()
    return fig


def kernel_slider(image: np.ndarray, kernel: np.ndarray, row: int = 10, col: int = 8):
    """An ipywidgets control that slides ``kernel`` over ``image``: two sliders pick the window's position.

    Starts at ``(row, col)`` so that the static page shows a meaningful step.
    """
    import ipywidgets as widgets
    import matplotlib.pyplot as plt

    k = np.asarray(kernel).shape[0]
    last = np.asarray(image).shape[0] - k

    def show(row, col):
        draw_kernel_step(image, kernel, row, col)
        plt.show()

    return widgets.interactive(
        show,
        row=widgets.IntSlider(value=row, min=0, max=last, description="row"),
        col=widgets.IntSlider(value=col, min=0, max=np.asarray(image).shape[1] - k, description="column"),
    )


# ---------------------------------------------------------------------------------------------------------
# Evaluation
# ---------------------------------------------------------------------------------------------------------
def confusion_matrix(y_true, y_pred, num_classes: int | None = None) -> np.ndarray:
    """Counts ``cm[t, p]`` of examples of true class ``t`` predicted as ``p`` (rows: truth, columns: prediction)."""
    y_true = np.asarray(y_true, dtype=np.int64)
    y_pred = np.asarray(y_pred, dtype=np.int64)
    if y_true.shape != y_pred.shape:
        raise ValueError(f"shapes differ: {y_true.shape} vs {y_pred.shape}")
    num_classes = num_classes or int(max(y_true.max(), y_pred.max())) + 1
    return np.bincount(y_true * num_classes + y_pred, minlength=num_classes ** 2).reshape(num_classes, num_classes)


def per_class_accuracy(cm: np.ndarray) -> np.ndarray:
    """Fraction of each true class predicted correctly (the diagonal over the row sums; recall per class)."""
    cm = np.asarray(cm, dtype=np.float64)
    return np.diag(cm) / np.maximum(cm.sum(axis=1), 1)


def plot_confusion_matrix(cm: np.ndarray, class_names=None, title: str = "Confusion matrix"):
    """The confusion matrix as a heat map with the counts written in; returns the figure."""
    import matplotlib.pyplot as plt

    n = cm.shape[0]
    names = list(class_names) if class_names is not None else [str(i) for i in range(n)]
    fig, ax = plt.subplots(figsize=(6.2, 5.4))
    # log scale for the colours so the few mistakes are visible next to the large diagonal
    shown = np.log1p(cm)
    ax.imshow(shown, cmap="Blues")
    for (i, j), v in np.ndenumerate(cm):
        ax.text(j, i, str(v), ha="center", va="center", fontsize=7,
                color="white" if shown[i, j] > 0.6 * shown.max() else "black")
    ax.set_xticks(range(n))
    ax.set_yticks(range(n))
    ax.set_xticklabels(names, rotation=45 if max(map(len, names)) > 2 else 0, ha="right" if max(map(len, names)) > 2 else "center")
    ax.set_yticklabels(names)
    ax.set_xlabel("predicted class")
    ax.set_ylabel("true class")
    ax.set_title(title)
    fig.tight_layout()
    return fig


def most_confident_mistakes(probs: np.ndarray, y_true, k: int = 12) -> np.ndarray:
    """Indices of the ``k`` wrong predictions made with the highest probability, most confident first."""
    probs = np.asarray(probs)
    y_true = np.asarray(y_true)
    pred = probs.argmax(1)
    wrong = np.flatnonzero(pred != y_true)
    confidence = probs[wrong, pred[wrong]]
    return wrong[np.argsort(-confidence, kind="stable")[:k]]


def plot_mistakes(images, y_true, probs, indices, class_names=None, cols: int = 6,
                  title: str = "Most confident mistakes"):
    """The images at ``indices`` titled 'true → predicted (probability)'; returns the figure."""
    import matplotlib.pyplot as plt

    names = list(class_names) if class_names is not None else [str(i) for i in range(probs.shape[1])]
    n = len(indices)
    rows = max(1, (n + cols - 1) // cols)
    fig, axes = plt.subplots(rows, cols, figsize=(1.75 * cols, 1.95 * rows), squeeze=False)
    for ax in axes.flat:
        ax.set_xticks([])
        ax.set_yticks([])
        ax.axis("off")
    for ax, i in zip(axes.flat, indices):
        ax.axis("on")
        ax.imshow(np.squeeze(images[i]), cmap="gray_r")
        guess = int(np.argmax(probs[i]))
        ax.set_title(f"true {names[y_true[i]]}\nsaid {names[guess]} ({probs[i, guess]:.0%})", fontsize=8, color="red")
    fig.suptitle(title)
    fig.tight_layout()
    return fig


def plot_per_class_accuracy(accuracy: np.ndarray, class_names=None, title: str = "Accuracy per class"):
    """A bar chart of per-class accuracy; returns the figure."""
    import matplotlib.pyplot as plt

    names = list(class_names) if class_names is not None else [str(i) for i in range(len(accuracy))]
    fig, ax = plt.subplots(figsize=(7, 2.8))
    ax.bar(range(len(accuracy)), accuracy, color="tab:blue")
    low = max(0.0, float(np.min(accuracy)) - 0.05)
    ax.set_ylim(low, 1.0)
    ax.set_xticks(range(len(accuracy)))
    ax.set_xticklabels(names, rotation=30 if max(map(len, names)) > 2 else 0)
    ax.set_xlabel("true class")
    ax.set_ylabel("fraction correct")
    ax.set_title(title)
    ax.grid(axis="y", alpha=0.3)
    fig.tight_layout()
    return fig


# ---------------------------------------------------------------------------------------------------------
# Inside the network
# ---------------------------------------------------------------------------------------------------------
def filters_from(weights: np.ndarray, layout: str = "torch") -> np.ndarray:
    """First-layer kernels as ``[out_channels, k, k]`` from a PyTorch ``[out, 1, k, k]`` or Keras ``[k, k, 1, out]`` array."""
    weights = np.asarray(weights)
    if layout == "torch":
        return weights[:, 0]
    if layout == "keras":
        return weights[:, :, 0, :].transpose(2, 0, 1)
    raise ValueError("layout must be 'torch' or 'keras'")


def plot_filters(kernels: np.ndarray, cols: int = 8, title: str = "First-layer filters"):
    """Each ``k x k`` kernel as a small image (red positive, blue negative, one colour scale per kernel)."""
    kernels = np.asarray(kernels)
    fig, axes = _image_grid(len(kernels), cols, 1.1, 1.2)
    for k, ax in enumerate(axes):
        lim = np.abs(kernels[k]).max() + 1e-12
        ax.imshow(kernels[k], cmap="RdBu_r", vmin=-lim, vmax=lim)
        ax.set_title(f"filter {k}", fontsize=7)
    fig.suptitle(title)
    fig.tight_layout()
    return fig


def plot_feature_maps(maps: np.ndarray, cols: int = 8, n: int | None = None, title: str = "Feature maps"):
    """Channels of one example's activations ``[C, H, W]`` as a grid of images."""
    maps = np.asarray(maps)
    n = min(n or len(maps), len(maps))
    fig, axes = _image_grid(n, cols, 1.2, 1.3)
    for k, ax in enumerate(axes):
        ax.imshow(maps[k], cmap="viridis")
        ax.set_title(f"channel {k}", fontsize=7)
    fig.suptitle(title)
    fig.tight_layout()
    return fig
