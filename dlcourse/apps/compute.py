"""How big and how expensive is a network: parameters and FLOPs per layer, counted analytically.

Taught in ``chapters/ch5_applications/05_challenges.ipynb``, which checks the totals against PyTorch's
``torch.utils.flop_counter``. One FLOP is one multiply or one add, so a multiply-accumulate is 2 FLOPs;
bias additions, activations and pooling are listed separately because profilers usually skip them.
"""
from __future__ import annotations

import torch
from torch import nn


def layer_table(model: nn.Module, input_shape: tuple[int, ...]) -> list[dict]:
    """One row per Conv2d/Linear/pooling layer: name, output shape, parameters, matmul FLOPs (2×MACs)."""
    rows: list[dict] = []
    hooks = []

    def hook(module, inputs, output, name):
        x = inputs[0]
        out = tuple(output.shape[1:])
        if isinstance(module, nn.Conv2d):
            kh, kw = module.kernel_size
            macs = output.numel() // output.shape[0] * (module.in_channels // module.groups) * kh * kw
        elif isinstance(module, nn.Linear):
            macs = module.in_features * module.out_features
        else:  # pooling: no multiply-adds, one comparison per input element (not counted as FLOPs)
            macs = 0
        rows.append({"layer": f"{name} ({type(module).__name__})", "output": out,
                     "params": sum(p.numel() for p in module.parameters()), "flops": 2 * macs,
                     "input": tuple(x.shape[1:])})

    for name, module in model.named_modules():
        if isinstance(module, (nn.Conv2d, nn.Linear, nn.MaxPool2d, nn.AvgPool2d)):
            hooks.append(module.register_forward_hook(lambda m, i, o, name=name: hook(m, i, o, name)))
    try:
        was_training = model.training
        model.eval()
        with torch.no_grad():
            model(torch.zeros((1, *input_shape)))
        model.train(was_training)
    finally:
        for h in hooks:
            h.remove()
    return rows


def profiler_flops(model: nn.Module, input_shape: tuple[int, ...]) -> int:
    """FLOPs of one forward pass of one example as counted by ``torch.utils.flop_counter.FlopCounterMode``."""
    from torch.utils.flop_counter import FlopCounterMode

    counter = FlopCounterMode(display=False)
    with torch.no_grad(), counter:
        model(torch.zeros((1, *input_shape)))
    return int(counter.get_total_flops())
