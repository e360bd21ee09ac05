"""Chapter 4's recipe, trained once and kept: the trained CNN that later pages reuse.

Taught in :doc:`/chapters/ch4_cnn/04_pytorch`: the 93,322-parameter :class:`dlcourse.cnn.TorchCNN`, Adam
from a rate of 1e-3 annealed to 0 on a cosine (chapter 3's schedule), cross-entropy, batches of 64, 10% of
the training images held out for validation, pixels in [0, 1]. :func:`train_cnn` runs it;
:func:`trained_cnn` runs it the first time and afterwards loads the weights and the history it saved in
the data home (``<data home>/models/``), so that the Fashion-MNIST page and the chapter-5 demos do not
train the same network again.

The file name is a hash of everything that decides the result: the data set and the exact training images
and labels, the sizes, epochs and seed, the PyTorch version and the source code of the network, the
training loop and this recipe. Change any of them and the network is trained afresh. Two notebooks that
ask for the same network at the same time share one training run (a file lock).
"""
from __future__ import annotations

import hashlib
import inspect
import json
import math
import os
import tempfile
import time
from pathlib import Path

import numpy as np
import torch

from dlcourse import cnn, config, data, training

BATCH_SIZE = 64
LEARNING_RATE = 1e-3
VALIDATION_FRACTION = 0.1


def epochs() -> int:
    """The recipe's epochs: 10 in full mode, 3 in quick mode."""
    return config.pick(full=10, quick=3)


def train_size() -> int | None:
    """Training images drawn from the training split: all of them in full mode, 5,000 in quick mode."""
    return config.pick(full=None, quick=5_000)


def splits(dataset: str, seed: int = 0):
    """``(train_x, train_y), (val_x, val_y)``: the recipe's training images and its validation hold-out."""
    images, labels = data.load(dataset, "train", size=train_size())
    return training.split_validation(images, labels, fraction=VALIDATION_FRACTION, seed=seed)


def train_cnn(dataset: str = "mnist", *, seed: int = 0, device=None, progress: bool = True):
    """Train a fresh :class:`~dlcourse.cnn.TorchCNN` with the recipe; returns ``(model, history)``."""
    device = device or torch.device("cpu")
    (tx, ty), (vx, vy) = splits(dataset)
    x_train, y_train = training.torch_images(tx, device), training.torch_labels(ty, device)
    x_val, y_val = training.torch_images(vx, device), training.torch_labels(vy, device)
    config.seed_everything(seed)
    model = cnn.TorchCNN(num_classes=len(data.class_names(dataset))).to(device)
    optimizer = torch.optim.Adam(model.parameters(), lr=LEARNING_RATE)
    steps = epochs() * math.ceil(len(ty) / BATCH_SIZE)
    scheduler = torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=steps)  # 1e-3 down to 0
    history = training.fit_torch(model, x_train, y_train, epochs=epochs(), batch_size=BATCH_SIZE,
                                 optimizer=optimizer, scheduler=scheduler, validation_data=(x_val, y_val),
                                 seed=seed, progress=progress)
    model.eval()
    return model, history


def cache_key(dataset: str, seed: int = 0) -> str:
    """A hash of everything that decides the trained network (see the module docstring)."""
    (tx, ty), _ = splits(dataset)
    digest = hashlib.sha256()
    digest.update(json.dumps({"dataset": dataset, "seed": seed, "epochs": epochs(), "n": len(ty),
                              "torch": torch.__version__.split("+")[0]}).encode())
    digest.update(np.ascontiguousarray(tx).tobytes())
    digest.update(np.ascontiguousarray(ty).tobytes())
    for code in (cnn.TorchCNN, training.fit_torch, train_cnn, splits, epochs, train_size):
        digest.update(inspect.getsource(code).encode())
    return digest.hexdigest()[:16]


def trained_cnn(dataset: str = "mnist", *, seed: int = 0, device=None, progress: bool = True):
    """The recipe's network for ``dataset``, trained once and then loaded: ``(model in eval mode, history)``.

    Prints one line saying whether it was trained now or loaded, and from where.
    """
    import fcntl

    device = device or torch.device("cpu")
    folder = data.data_home() / "models"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"cnn-{dataset}-{cache_key(dataset, seed)}.pt"
    with open(path.with_suffix(".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # a second notebook asking for the same network waits here
        if path.exists():
            saved = torch.load(path, map_location=device, weights_only=True)
            model = cnn.TorchCNN(num_classes=len(data.class_names(dataset))).to(device)
            model.load_state_dict(saved["state_dict"])
            model.eval()
            history = {key: [float(v) for v in values] for key, values in saved["history"].items()}
            print(f"chapter 4's CNN for {data.spec(dataset).name}, loaded from the data home's models/ folder "
                  f"(trained earlier, in {saved['seconds']:.0f} s)")
            return model, history
        start = time.perf_counter()
        model, history = train_cnn(dataset, seed=seed, device=device, progress=progress)
        seconds = time.perf_counter() - start
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=path.name, suffix=".part")
        os.close(fd)
        try:
            state = {k: v.detach().cpu() for k, v in model.state_dict().items()}
            torch.save({"state_dict": state, "history": history, "seconds": seconds}, tmp)
            os.replace(tmp, path)
        finally:
            if os.path.exists(tmp):
                os.remove(tmp)
        print(f"chapter 4's CNN for {data.spec(dataset).name}: trained in {seconds:.0f} s and "
              f"saved in the data home's models/ folder "
              f"for the pages that reuse it")
        return model, history
