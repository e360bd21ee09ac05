"""The course's training code for image classifiers, in PyTorch and in Keras, with progress bars and histories.

Taught in :doc:`/chapters/ch4_cnn/03_keras` (the Keras wrapper around ``model.fit``) and
:doc:`/chapters/ch4_cnn/04_pytorch` (the PyTorch loop, written out in the page first). Both return a history
with the same keys as Keras' ``History.history``: ``loss``, ``accuracy``, ``val_loss``, ``val_accuracy``
(one value per epoch), so :func:`plot_history` draws either.

Design choices, kept small on purpose:

* Images arrive as uint8 ``[N, 28, 28]`` from :mod:`dlcourse.data`; :func:`torch_images` and
  :func:`keras_images` turn them into float32 in [0, 1] with the channel axis where each framework wants
  it (PyTorch ``[N, 1, 28, 28]``, Keras ``[N, 28, 28, 1]``).
* The PyTorch loop keeps the whole data set as tensors on the device (MNIST is 188 MB as float32 for 60,000
  images, far below any GPU's memory) and shuffles with a random permutation of indices, so there is no
  ``DataLoader`` and no copy from host memory per batch.
* The progress bars (``tqdm.auto``) update once per batch but read the loss from the device only every
  ``refresh`` batches, so they cost next to nothing (``benchmarks/cnn_training_overhead.py`` measures it).
"""
from __future__ import annotations

import time

import numpy as np

HISTORY_KEYS = ("loss", "accuracy", "val_loss", "val_accuracy")


# ---------------------------------------------------------------------------------------------------------
# Data in each framework's layout
# ---------------------------------------------------------------------------------------------------------
def keras_images(images: np.ndarray) -> np.ndarray:
    """uint8 ``[N, H, W]`` -> float32 ``[N, H, W, 1]`` in [0, 1] (channels-last, for Keras)."""
    return (np.asarray(images, dtype=np.float32) / 255.0)[..., None]


def torch_images(images: np.ndarray, device=None):
    """uint8 ``[N, H, W]`` -> float32 tensor ``[N, 1, H, W]`` in [0, 1] on ``device`` (channels-first, for PyTorch).

    The uint8 array is moved first and converted on the device (4x less to copy).
    """
    import torch

    images = np.asarray(images)
    if not images.flags.writeable or not images.flags.c_contiguous:  # e.g. arrays read with np.frombuffer
        images = np.array(images, order="C")
    x = torch.as_tensor(images, device=device)
    return (x.float() / 255.0).unsqueeze(1)


def torch_labels(labels: np.ndarray, device=None):
    """int labels -> int64 tensor on ``device``."""
    import torch

    return torch.as_tensor(np.asarray(labels, dtype=np.int64), device=device)


def split_validation(images: np.ndarray, labels: np.ndarray, fraction: float = 0.1, seed: int = 0):
    """Hold out a random ``fraction`` of the training data for validation: ``(x_tr, y_tr), (x_val, y_val)``."""
    order = np.random.default_rng(seed).permutation(len(labels))
    n_val = int(round(fraction * len(labels)))
    val, train = np.sort(order[:n_val]), np.sort(order[n_val:])
    return (images[train], labels[train]), (images[val], labels[val])


# ---------------------------------------------------------------------------------------------------------
# PyTorch
# ---------------------------------------------------------------------------------------------------------
def evaluate_torch(model, x, y, batch_size: int = 1000) -> tuple[float, float]:
    """Mean cross-entropy and accuracy of a logits model on tensors ``x``, ``y`` (in eval mode, no gradients)."""
    import torch
    import torch.nn.functional as F

    was_training = model.training
    model.eval()
    total_loss = torch.zeros((), device=x.device)
    correct = torch.zeros((), device=x.device, dtype=torch.long)
    with torch.no_grad():
        for start in range(0, len(x), batch_size):
            logits = model(x[start:start + batch_size])
            target = y[start:start + batch_size]
            total_loss += F.cross_entropy(logits, target, reduction="sum")
            correct += (logits.argmax(1) == target).sum()
    model.train(was_training)
    return total_loss.item() / len(x), correct.item() / len(x)


def predict_torch(model, x, batch_size: int = 1000) -> np.ndarray:
    """Class probabilities (softmax of the logits) as a NumPy array ``[N, classes]``."""
    import torch

    was_training = model.training
    model.eval()
    with torch.no_grad():
        out = [torch.softmax(model(x[s:s + batch_size]), dim=1).cpu() for s in range(0, len(x), batch_size)]
    model.train(was_training)
    return torch.cat(out).numpy()


def fit_torch(model, x, y, *, epochs: int = 5, batch_size: int = 64, lr: float = 1e-3, optimizer=None,
              scheduler=None, validation_data=None, seed: int = 0, progress: bool = True,
              refresh: int = 20) -> dict:
    """Train a logits model with Adam and cross-entropy, the chapter's recipe; return the history dict.

    ``x``, ``y`` are tensors already on the model's device (see :func:`torch_images`); so is
    ``validation_data=(x_val, y_val)`` when given. Each epoch visits the examples in a fresh random order
    (drawn from a ``torch.Generator`` seeded with ``seed``, so runs repeat). The loss and accuracy recorded
    for an epoch are averages over its batches while the weights were changing, as in Keras.
    ``scheduler`` (a ``torch.optim.lr_scheduler`` on ``optimizer``) is stepped after every batch, like a
    Keras learning-rate schedule, so its period is counted in steps, not epochs.
    """
    import torch
    import torch.nn.functional as F
    from tqdm.auto import tqdm

    optimizer = optimizer or torch.optim.Adam(model.parameters(), lr=lr)
    generator = torch.Generator(device="cpu").manual_seed(seed)
    history = {key: [] for key in HISTORY_KEYS}
    n = len(x)
    steps = (n + batch_size - 1) // batch_size
    model.train()
    for epoch in range(epochs):
        order = torch.randperm(n, generator=generator).to(x.device)
        loss_sum = torch.zeros((), device=x.device)
        correct = torch.zeros((), device=x.device, dtype=torch.long)
        bar = tqdm(total=steps, desc=f"epoch {epoch + 1}/{epochs}", unit="batch", disable=not progress,
                   leave=True, mininterval=0.5)
        for step in range(steps):
            index = order[step * batch_size:(step + 1) * batch_size]
            xb, yb = x[index], y[index]
            logits = model(xb)
            loss = F.cross_entropy(logits, yb)
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            optimizer.step()
            if scheduler is not None:
                scheduler.step()
            with torch.no_grad():
                loss_sum += loss.detach() * len(yb)
                correct += (logits.argmax(1) == yb).sum()
            bar.update(1)
            if progress and (step + 1) % refresh == 0:  # reading a value from the device waits for it
                bar.set_postfix(loss=f"{loss_sum.item() / min(n, (step + 1) * batch_size):.4f}", refresh=False)
        history["loss"].append(loss_sum.item() / n)
        history["accuracy"].append(correct.item() / n)
        postfix = {"loss": f"{history['loss'][-1]:.4f}", "acc": f"{history['accuracy'][-1]:.4f}"}
        if validation_data is not None:
            val_loss, val_acc = evaluate_torch(model, *validation_data)
            history["val_loss"].append(val_loss)
            history["val_accuracy"].append(val_acc)
            postfix.update(val_loss=f"{val_loss:.4f}", val_acc=f"{val_acc:.4f}")
        bar.set_postfix(postfix, refresh=False)
        bar.close()
    if validation_data is None:
        del history["val_loss"], history["val_accuracy"]
    return history


# ---------------------------------------------------------------------------------------------------------
# Keras
# ---------------------------------------------------------------------------------------------------------
def _keras_progress_callback_class():
    import keras
    from tqdm.auto import tqdm

    class TqdmProgress(keras.callbacks.Callback):
        """One tqdm bar per epoch; the metrics are shown at the end of each epoch.

        It only counts batches during the epoch (it never reads the logs then, which would make Keras copy
        the running metrics from the device after every batch).
        """

        def __init__(self, refresh: int = 20):
            super().__init__()
            self.refresh = refresh
            self.bar = None

        def on_epoch_begin(self, epoch, logs=None):
            steps = self.params.get("steps")
            epochs = self.params.get("epochs")
            self.bar = tqdm(total=steps, desc=f"epoch {epoch + 1}/{epochs}", unit="batch", leave=True,
                            mininterval=0.5)
            self._pending = 0

        def on_train_batch_end(self, batch, logs=None):
            self._pending += 1
            if self._pending >= self.refresh:
                self.bar.update(self._pending)
                self._pending = 0

        def on_epoch_end(self, epoch, logs=None):
            if self._pending:
                self.bar.update(self._pending)
            logs = logs or {}
            names = {"loss": "loss", "accuracy": "acc", "val_loss": "val_loss", "val_accuracy": "val_acc"}
            self.bar.set_postfix({short: f"{float(logs[k]):.4f}" for k, short in names.items() if k in logs},
                                 refresh=False)
            self.bar.close()

    return TqdmProgress


def keras_progress_callback(refresh: int = 20):
    """A ``keras.callbacks.Callback`` that shows a tqdm progress bar per epoch (use with ``verbose=0``)."""
    return _keras_progress_callback_class()(refresh=refresh)


def fit_keras(model, x, y, *, epochs: int = 5, batch_size: int = 64, validation_data=None, progress: bool = True,
              callbacks=(), **fit_kwargs) -> dict:
    """``model.fit`` with a tqdm bar instead of Keras' text progress bar; returns ``History.history``.

    The model must be compiled with ``metrics=["accuracy"]`` for the accuracy curves.
    """
    callbacks = list(callbacks) + ([keras_progress_callback()] if progress else [])
    result = model.fit(x, y, epochs=epochs, batch_size=batch_size, validation_data=validation_data, verbose=0,
                       callbacks=callbacks, **fit_kwargs)
    return {k: [float(v) for v in values] for k, values in result.history.items()}


# ---------------------------------------------------------------------------------------------------------
# Curves
# ---------------------------------------------------------------------------------------------------------
def plot_history(history: dict, title: str = "Training history"):
    """Loss and accuracy per epoch, training and validation, side by side; returns the figure."""
    import matplotlib.pyplot as plt

    epochs = np.arange(1, len(history["loss"]) + 1)
    fig, axes = plt.subplots(1, 2, figsize=(9, 3.3))
    for ax, key, label in ((axes[0], "loss", "cross-entropy loss"), (axes[1], "accuracy", "accuracy")):
        ax.plot(epochs, history[key], "o-", label="training")
        if f"val_{key}" in history:
            ax.plot(epochs, history[f"val_{key}"], "s--", label="validation")
        ax.set_xlabel("epoch")
        ax.set_ylabel(label)
        ax.set_xticks(epochs)
        ax.grid(alpha=0.3)
        ax.legend()
    axes[0].set_title("Loss")
    axes[1].set_title("Accuracy")
    fig.suptitle(title)
    fig.tight_layout()
    return fig


class Timer:
    """``with Timer() as t: ...`` then ``t.seconds``: wall-clock time of a block."""

    def __enter__(self):
        self.start = time.perf_counter()
        return self

    def __exit__(self, *exc):
        self.seconds = time.perf_counter() - self.start
        return False
