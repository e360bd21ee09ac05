"""The chapter-4 convolutional network for handwritten digits, in Keras and in PyTorch.

Taught in :doc:`/chapters/ch4_cnn/01_convolutions` (why convolutions, output sizes, parameter counts) and
trained in :doc:`/chapters/ch4_cnn/03_keras` and :doc:`/chapters/ch4_cnn/04_pytorch`. Chapter 5 reuses the
same network (FLOPs, quantisation, saliency maps).

The recipe (from the course's source notes)::

    Conv2D(32, 3x3, ReLU) -> MaxPool 2 -> Conv2D(64, 3x3, ReLU) -> MaxPool 2 -> Conv2D(64, 3x3, ReLU)
    -> Flatten -> Dense(64, ReLU) -> Dense(10)

For 28x28x1 inputs it has exactly 93,322 parameters in both frameworks.

Differences between the two versions, on purpose:

* Keras works channels-last (``[N, 28, 28, 1]``), PyTorch channels-first (``[N, 1, 28, 28]``).
  Both start from Keras' initialisation (see :class:`TorchCNN`).
* The Keras model ends in a softmax and is trained with (sparse) categorical cross-entropy on
  probabilities, as in the source notes. :class:`TorchCNN` returns *logits* (no softmax): PyTorch's
  ``nn.CrossEntropyLoss`` applies log-softmax itself, which is cheaper and numerically safer than a
  softmax followed by a log. Apply ``torch.softmax(logits, dim=1)`` when you need probabilities.

Layer names are the same in both (``conv1, pool1, conv2, pool2, conv3, flatten, fc1, fc2``), so tables,
feature maps and weight transfers line up; :func:`copy_keras_weights_to_torch` makes the two compute the
same function, which the chapter checks.
"""
from __future__ import annotations

from collections import OrderedDict

import numpy as np
import torch
from torch import nn

#: Layer names shared by the Keras and the PyTorch model, in order (activations are folded in).
LAYER_NAMES = ("conv1", "pool1", "conv2", "pool2", "conv3", "flatten", "fc1", "fc2")

#: Parameter count of the recipe for 28x28x1 inputs and 10 classes (checked by the tests and the chapter).
EXPECTED_PARAMETERS = 93_322


# ---------------------------------------------------------------------------------------------------------
# Arithmetic that the chapter does by hand
# ---------------------------------------------------------------------------------------------------------
def conv_output_size(size: int, kernel: int, padding: int = 0, stride: int = 1) -> int:
    """Output length of a convolution or pooling along one axis: ``floor((size + 2*padding - kernel) / stride) + 1``."""
    if kernel > size + 2 * padding:
        raise ValueError(f"kernel {kernel} does not fit in size {size} with padding {padding}")
    return (size + 2 * padding - kernel) // stride + 1


def conv2d_parameters(in_channels: int, out_channels: int, kernel: int, bias: bool = True) -> int:
    """Weights of a 2-D convolution: one ``kernel x kernel x in_channels`` filter (plus a bias) per output channel."""
    return out_channels * (kernel * kernel * in_channels + int(bias))


def dense_parameters(in_features: int, out_features: int, bias: bool = True) -> int:
    """Weights of a fully connected layer: an ``in x out`` matrix plus one bias per output."""
    return out_features * (in_features + int(bias))


def recipe_table(input_shape=(28, 28, 1), num_classes: int = 10) -> list[tuple[str, tuple[int, ...], int]]:
    """The recipe worked out by hand: ``(layer name, output shape HxWxC or (features,), parameters)`` per layer.

    Uses only :func:`conv_output_size`, :func:`conv2d_parameters` and :func:`dense_parameters`, so it can be
    compared with what the frameworks report.
    """
    h, w, c = input_shape
    rows = []
    for name, kind, arg in (("conv1", "conv", 32), ("pool1", "pool", 2), ("conv2", "conv", 64),
                            ("pool2", "pool", 2), ("conv3", "conv", 64)):
        if kind == "conv":
            params = conv2d_parameters(c, arg, 3)
            h, w, c = conv_output_size(h, 3), conv_output_size(w, 3), arg
        else:
            params = 0
            h, w = conv_output_size(h, arg, stride=arg), conv_output_size(w, arg, stride=arg)
        rows.append((name, (h, w, c), params))
    flat = h * w * c
    rows.append(("flatten", (flat,), 0))
    rows.append(("fc1", (64,), dense_parameters(flat, 64)))
    rows.append(("fc2", (num_classes,), dense_parameters(64, num_classes)))
    return rows


# ---------------------------------------------------------------------------------------------------------
# The two models
# ---------------------------------------------------------------------------------------------------------
def build_keras_cnn(input_shape=(28, 28, 1), num_classes: int = 10):
    """The recipe as an uncompiled ``keras.Sequential`` (channels-last input, softmax output).

    Compile it yourself, e.g. ``model.compile(optimizer="adam", loss="sparse_categorical_crossentropy",
    metrics=["accuracy"])`` (keywords: the third positional argument of ``compile`` is ``loss_weights``).
    """
    import keras
    from keras import layers

    return keras.Sequential(
        [
            keras.Input(shape=tuple(input_shape), name="image"),
            layers.Conv2D(32, 3, activation="relu", name="conv1"),
            layers.MaxPooling2D(2, name="pool1"),
            layers.Conv2D(64, 3, activation="relu", name="conv2"),
            layers.MaxPooling2D(2, name="pool2"),
            layers.Conv2D(64, 3, activation="relu", name="conv3"),
            layers.Flatten(name="flatten"),
            layers.Dense(64, activation="relu", name="fc1"),
            layers.Dense(num_classes, activation="softmax", name="fc2"),
        ],
        name="digits_cnn",
    )


class TorchCNN(nn.Sequential):
    """The recipe as a PyTorch module: input ``[N, in_channels, H, W]``, output logits ``[N, num_classes]``.

    It is an ``nn.Sequential`` with named children (``model.conv1``, ``model.fc2`` ...), so
    ``model[:2](x)`` gives the first layer's feature maps after ReLU. There is no softmax at the end:
    ``nn.CrossEntropyLoss`` expects logits and applies log-softmax itself.

    The weights start the way Keras starts them (Glorot-uniform kernels, zero biases), not with PyTorch's
    default (Kaiming-uniform with ``a=sqrt(5)``, uniform biases), so that the two frameworks train the same
    network from the same distribution. With PyTorch's default the 5-epoch recipe ended about 0.7 points
    lower on Fashion-MNIST (``benchmarks/cnn_recipe_accuracy.py``).
    """

    def __init__(self, num_classes: int = 10, in_channels: int = 1, image_size: int = 28):
        side = image_size
        for kernel, pool in ((3, 2), (3, 2), (3, 1)):
            side = conv_output_size(side, kernel)
            if pool > 1:
                side = conv_output_size(side, pool, stride=pool)
        super().__init__(OrderedDict([
            ("conv1", nn.Conv2d(in_channels, 32, 3)),
            ("relu1", nn.ReLU()),
            ("pool1", nn.MaxPool2d(2)),
            ("conv2", nn.Conv2d(32, 64, 3)),
            ("relu2", nn.ReLU()),
            ("pool2", nn.MaxPool2d(2)),
            ("conv3", nn.Conv2d(64, 64, 3)),
            ("relu3", nn.ReLU()),
            ("flatten", nn.Flatten()),
            ("fc1", nn.Linear(64 * side * side, 64)),
            ("relu4", nn.ReLU()),
            ("fc2", nn.Linear(64, num_classes)),
        ]))
        self.num_classes = num_classes
        for layer in self.modules():
            if isinstance(layer, (nn.Conv2d, nn.Linear)):
                nn.init.xavier_uniform_(layer.weight)
                nn.init.zeros_(layer.bias)

    def __getitem__(self, index):
        """``model[i]`` is one layer; ``model[a:b]`` a plain ``nn.Sequential`` of those layers (shared weights)."""
        if isinstance(index, slice):
            return nn.Sequential(OrderedDict(list(self._modules.items())[index]))
        return super().__getitem__(index)


# ---------------------------------------------------------------------------------------------------------
# Counting parameters
# ---------------------------------------------------------------------------------------------------------
def _is_torch(model) -> bool:
    return isinstance(model, nn.Module)


def layer_parameter_counts(model) -> list[tuple[str, int]]:
    """``(layer name, number of parameters)`` for every layer of a Keras model or every leaf module of a
    PyTorch module, in order, including layers without parameters (count 0) except PyTorch activations."""
    if _is_torch(model):
        rows = []
        for name, module in model.named_modules():
            if name and not list(module.children()) and not isinstance(module, (nn.ReLU,)):
                rows.append((name, sum(p.numel() for p in module.parameters())))
        return rows
    return [(layer.name, int(layer.count_params())) for layer in model.layers]


def count_parameters(model, trainable_only: bool = False) -> int:
    """Total number of parameters of a Keras model or a PyTorch module."""
    if _is_torch(model):
        return sum(p.numel() for p in model.parameters() if p.requires_grad or not trainable_only)
    if trainable_only:
        return int(sum(np.prod(w.shape) for w in model.trainable_weights))
    return int(model.count_params())


def parameter_table(model) -> str:
    """A printable per-layer parameter table with the total, for either framework."""
    rows = layer_parameter_counts(model)
    width = max(len(name) for name, _ in rows)
    lines = [f"{'layer':<{width}}  {'parameters':>10}"]
    lines += [f"{name:<{width}}  {count:>10,}" for name, count in rows]
    lines.append(f"{'total':<{width}}  {count_parameters(model):>10,}")
    return "\n".join(lines)


# ---------------------------------------------------------------------------------------------------------
# Moving weights between the frameworks
# ---------------------------------------------------------------------------------------------------------
def copy_keras_weights_to_torch(keras_model, torch_model: TorchCNN) -> TorchCNN:
    """Copy the weights of :func:`build_keras_cnn` into :class:`TorchCNN` so that both compute the same function.

    Two layouts differ: convolution kernels are ``[kh, kw, in, out]`` in Keras and ``[out, in, kh, kw]`` in
    PyTorch; and Flatten reads a channels-last map in (row, column, channel) order in Keras but a
    channels-first map in (channel, row, column) order in PyTorch, so the rows of ``fc1`` are permuted.
    Returns ``torch_model`` (modified in place).
    """
    with torch.no_grad():
        for name in ("conv1", "conv2", "conv3"):
            kernel, bias = keras_model.get_layer(name).get_weights()
            conv = getattr(torch_model, name)
            conv.weight.copy_(torch.from_numpy(np.ascontiguousarray(kernel.transpose(3, 2, 0, 1))))
            conv.bias.copy_(torch.from_numpy(bias))
        h, w, c = keras_model.get_layer("conv3").output.shape[1:]
        kernel, bias = keras_model.get_layer("fc1").get_weights()  # [h*w*c, 64], rows in (h, w, c) order
        out = kernel.shape[1]
        reordered = kernel.reshape(h, w, c, out).transpose(3, 2, 0, 1).reshape(out, c * h * w)
        torch_model.fc1.weight.copy_(torch.from_numpy(np.ascontiguousarray(reordered)))
        torch_model.fc1.bias.copy_(torch.from_numpy(bias))
        kernel, bias = keras_model.get_layer("fc2").get_weights()
        torch_model.fc2.weight.copy_(torch.from_numpy(np.ascontiguousarray(kernel.T)))
        torch_model.fc2.bias.copy_(torch.from_numpy(bias))
    return torch_model
