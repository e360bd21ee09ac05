"""Training throughput of the NumPy MLP in dlcourse.nn against the same MLP in PyTorch, on the CPU.

The network of chapter 2 ("Forward and backward propagation", page
``chapters/ch2_backpropagation/04_numpy_mlp_on_mnist.ipynb``): 784-128-10, ReLU, softmax cross-entropy,
mini-batch SGD with momentum, batch 128, float32. Both frameworks get the same thread count (the BLAS
threads are fixed through environment variables *before* NumPy is imported, PyTorch's with
``torch.set_num_threads``), the same initial weights, the same batches and the same number of steps.
One run prints images/s for each and the ratio NumPy / PyTorch (target: at least 0.67). Within the run, the
two are timed in alternating rounds and each one's best round is reported.

    python benchmarks/mlp_numpy_vs_torch.py [--threads 1] [--steps 300] [--rounds 3]

The images are the official MNIST test digits (via ``dlcourse.data``), used here only as realistic inputs.
"""
from __future__ import annotations

import argparse
import os
import sys
import time


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--threads", type=int, default=1, help="threads for both BLAS and PyTorch (default 1)")
    parser.add_argument("--steps", type=int, default=300, help="timed training steps (default 300)")
    parser.add_argument("--warmup", type=int, default=20, help="untimed steps first (default 20)")
    parser.add_argument("--batch", type=int, default=128)
    parser.add_argument("--rounds", type=int, default=3,
                        help="timed rounds, alternating NumPy and PyTorch; the best round of each counts (default 3)")
    return parser.parse_args()


args = parse_args()
for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "BLIS_NUM_THREADS"):
    os.environ[var] = str(args.threads)          # must happen before NumPy loads its BLAS

import numpy as np  # noqa: E402
import torch  # noqa: E402

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from dlcourse import data, nn  # noqa: E402


def batches(n_examples, batch, steps, seed=0):
    """The same sequence of random mini-batch index arrays for both frameworks."""
    rng = np.random.default_rng(seed)
    order = rng.permutation(n_examples)
    start = 0
    for _ in range(steps):
        if start + batch > n_examples:
            order, start = rng.permutation(n_examples), 0
        yield order[start:start + batch]
        start += batch


def numpy_run(X, y, W1, W2, index_batches, lr=0.05, momentum=0.9):
    """X: (N, 784) float32 rows; the model takes examples as columns, so it gets X[idx].T (a view)."""
    model = nn.Sequential(nn.Dense(784, 128, W=W1.copy()), nn.ReLU(), nn.Dense(128, 10, W=W2.copy()))
    loss = nn.SoftmaxCrossEntropy()
    opt = nn.SGD(model.params(), model.grads(), lr=lr, momentum=momentum)
    last = None
    for idx in index_batches:
        last = loss(model.forward(X[idx].T), y[idx])
        model.backward(loss.backward())
        opt.step()
    return last


def torch_run(X, y, W1, W2, index_batches, lr=0.05, momentum=0.9):
    model = torch.nn.Sequential(torch.nn.Linear(784, 128), torch.nn.ReLU(), torch.nn.Linear(128, 10))
    with torch.no_grad():
        model[0].weight.copy_(torch.from_numpy(W1)); model[0].bias.zero_()
        model[2].weight.copy_(torch.from_numpy(W2)); model[2].bias.zero_()
    loss_fn = torch.nn.CrossEntropyLoss()
    opt = torch.optim.SGD(model.parameters(), lr=lr, momentum=momentum)
    last = None
    for idx in index_batches:
        idx = torch.from_numpy(idx)
        loss = loss_fn(model(X[idx]), y[idx])
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        last = loss.item()
    return last


def timed(fn, *args, steps, warmup, batch, n):
    fn(*args, list(batches(n, batch, warmup, seed=1)))
    index_batches = list(batches(n, batch, steps))
    start = time.perf_counter()
    last_loss = fn(*args, index_batches)
    seconds = time.perf_counter() - start
    return steps * batch / seconds, last_loss


def main():
    torch.set_num_threads(args.threads)
    images, labels = data.load("mnist", "test")
    X = (images.reshape(len(images), -1) / np.float32(255)).astype(np.float32)
    y = labels.astype(np.int64)
    rng = np.random.default_rng(0)
    W1 = (rng.standard_normal((128, 784)) * np.sqrt(2 / 784)).astype(np.float32)
    W2 = (rng.standard_normal((10, 128)) * np.sqrt(2 / 128)).astype(np.float32)
    common = dict(steps=args.steps, warmup=args.warmup, batch=args.batch, n=len(y))

    Xt, yt = torch.from_numpy(X), torch.from_numpy(y)
    # Alternate the two in rounds and keep each one's best round: on a shared machine, load that comes
    # and goes then hits both alike instead of whichever happened to run second.
    np_rates, torch_rates = [], []
    for _ in range(args.rounds):
        np_rate, np_loss = timed(numpy_run, X, y, W1, W2, **common)
        torch_rate, torch_loss = timed(torch_run, Xt, yt, W1, W2, **common)
        np_rates.append(np_rate)
        torch_rates.append(torch_rate)
    np_rate, torch_rate = max(np_rates), max(torch_rates)

    print(f"MLP 784-128-10, batch {args.batch}, float32, {args.steps} SGD-momentum steps x best of {args.rounds} rounds, "
          f"{args.threads} thread(s) for NumPy's BLAS and for PyTorch {torch.__version__}")
    print(f"final loss: NumPy {np_loss:.4f}, PyTorch {torch_loss:.4f} (same weights and batches)")
    print(f"NumPy   (dlcourse.nn): {np_rate:10.0f} images/s")
    print(f"PyTorch (CPU)        : {torch_rate:10.0f} images/s")
    ratio = np_rate / torch_rate
    print(f"ratio NumPy / PyTorch: {ratio:.2f}x (target >= 0.67x): {'met' if ratio >= 0.67 else 'NOT met'}")


if __name__ == "__main__":
    main()
