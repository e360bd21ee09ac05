"""Overhead of the course's training code (progress bars, histories) over plain training, in both frameworks.

Chapter 4 ("A CNN for handwritten digits", pages ``chapters/ch4_cnn/03_keras.ipynb`` and
``04_pytorch.ipynb``) trains its network with ``dlcourse.training.fit_keras`` and ``fit_torch``. This
script measures their training throughput (images/s) against the plainest code that trains the same model
on the same data:

* Keras: ``model.fit(x, y, batch_size=64, verbose=0)`` vs ``training.fit_keras`` (tqdm bar, history);
* PyTorch: a bare loop over tensor batches (the loop written out in the chapter) vs ``training.fit_torch``
  (tqdm bar, per-epoch loss and accuracy).

Each pair trains one model and alternates plain and course epochs (after a warm-up epoch), so both see the
same weights and the same machine load; the best of ``--repeats`` epochs is kept for each. One run prints
images/s for each and the overhead ratio course/plain - 1 (target: at most 5%).

    python benchmarks/cnn_training_overhead.py [--images 4096] [--repeats 5] [--threads N]

The images are the MNIST training digits from ``dlcourse.data`` (the 5,000-digit fallback offline). The
progress bars write to stderr; redirect it (``2>/dev/null``) to keep only the table.
"""
from __future__ import annotations

import argparse
import os
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--images", type=int, default=4096, help="training images per epoch (default 4096)")
    parser.add_argument("--repeats", type=int, default=5, help="timed epochs per variant (default 5)")
    parser.add_argument("--batch", type=int, default=64)
    parser.add_argument("--threads", type=int, default=0, help="PyTorch intra-op threads (default: its own choice)")
    parser.add_argument("--only", choices=("keras", "torch"), default=None, help="run one framework only")
    return parser.parse_args()


def best_of(fn, repeats):
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times), times


def bench_torch(images, labels, args):
    import torch
    import torch.nn.functional as F

    from dlcourse import cnn, config, training

    if args.threads:
        torch.set_num_threads(args.threads)
    device = config.torch_device()
    x = training.torch_images(images, device)
    y = training.torch_labels(labels, device)
    torch.manual_seed(0)
    model = cnn.TorchCNN().to(device)
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    generator = torch.Generator().manual_seed(0)
    sync = torch.cuda.synchronize if device.type == "cuda" else (lambda: None)

    def plain_epoch():
        order = torch.randperm(len(x), generator=generator).to(device)
        for start in range(0, len(x), args.batch):
            batch = order[start:start + args.batch]
            loss = F.cross_entropy(model(x[batch]), y[batch])
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
        sync()

    def course_epoch():
        training.fit_torch(model, x, y, epochs=1, batch_size=args.batch, optimizer=optimizer, progress=True)
        sync()

    plain_epoch()
    course_epoch()  # warm-up, both paths
    plain, course = [], []
    for _ in range(args.repeats):  # alternate so that both variants see the same machine load
        plain.append(best_of(plain_epoch, 1)[0])
        course.append(best_of(course_epoch, 1)[0])
    return min(plain), min(course)


def bench_keras(images, labels, args):
    import tensorflow as tf

    from dlcourse import cnn, config, training

    device = config.tf_device()
    x = training.keras_images(images)
    with tf.device(device):
        model = cnn.build_keras_cnn()
        model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])

        def plain_epoch():
            model.fit(x, labels, epochs=1, batch_size=args.batch, verbose=0)

        def course_epoch():
            training.fit_keras(model, x, labels, epochs=1, batch_size=args.batch)

        plain_epoch()
        course_epoch()  # warm-up: traces the train function once for this model
        plain, course = [], []
        for _ in range(args.repeats):
            plain.append(best_of(plain_epoch, 1)[0])
            course.append(best_of(course_epoch, 1)[0])
    return min(plain), min(course)


def main():
    args = parse_args()
    from dlcourse import config, data

    config.seed_everything(0)
    images, labels = data.load("mnist", "train")
    images, labels = images[:args.images], labels[:args.images]
    n = len(labels)
    print(f"{n} MNIST training images per epoch, batch {args.batch}, best of {args.repeats} alternating epochs")
    rows = []
    for name, bench in (("keras", bench_keras), ("torch", bench_torch)):
        if args.only and args.only != name:
            continue
        plain, course = bench(images, labels, args)
        rows.append((name, n / plain, n / course, course / plain - 1))
    print()
    print(f"{'framework':10s} {'plain img/s':>12s} {'course img/s':>13s} {'overhead':>9s}  target <= 5%")
    for name, plain_rate, course_rate, overhead in rows:
        verdict = "ok" if overhead <= 0.05 else "OVER"
        print(f"{name:10s} {plain_rate:12.0f} {course_rate:13.0f} {overhead:+9.1%}  {verdict}")
    for name, plain_rate, course_rate, _ in rows:
        print(f"ratio {name} course/plain throughput: {course_rate / plain_rate:.3f}")


if __name__ == "__main__":
    main()
