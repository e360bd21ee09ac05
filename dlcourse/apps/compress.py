"""Post-training int8 quantisation of weights, symmetric and per output channel.

Taught in ``chapters/ch5_applications/06_trends.ipynb``. Each output channel ``c`` of a weight tensor
gets one float scale ``s_c = max|w_c| / 127``; the stored weight is ``q = round(w / s_c)`` in int8, and
the model computes with ``q * s_c``. Activations stay float ("weight-only" quantisation).
"""
from __future__ import annotations

import copy

import numpy as np
import torch
from torch import nn


def quantize_int8(weight: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """int8 codes (same shape as ``weight``) and float32 scales, one per output channel (axis 0)."""
    w = np.asarray(weight, dtype=np.float32)
    flat = w.reshape(w.shape[0], -1)
    scales = np.abs(flat).max(axis=1) / 127.0
    scales = np.where(scales == 0, 1.0, scales).astype(np.float32)
    codes = np.clip(np.rint(flat / scales[:, None]), -127, 127).astype(np.int8)
    return codes.reshape(w.shape), scales


def dequantize_int8(codes: np.ndarray, scales: np.ndarray) -> np.ndarray:
    """Float32 weights back from int8 codes and per-channel scales."""
    shape = (-1,) + (1,) * (codes.ndim - 1)
    return codes.astype(np.float32) * scales.reshape(shape)


def quantize_model(model: nn.Module) -> tuple[nn.Module, int, int]:
    """A copy of ``model`` whose Conv2d/Linear weights went through int8 and back.

    Returns ``(copy, float32 bytes, int8 bytes)``: sizes of all parameters as stored, where the int8
    version keeps biases and scales in float32.
    """
    quantized = copy.deepcopy(model)
    float_bytes = sum(p.numel() * 4 for p in model.parameters())
    int8_bytes = 0
    for module in quantized.modules():
        if isinstance(module, (nn.Conv2d, nn.Linear)):
            codes, scales = quantize_int8(module.weight.detach().numpy())
            with torch.no_grad():
                module.weight.copy_(torch.from_numpy(dequantize_int8(codes, scales)))
            int8_bytes += codes.size + scales.size * 4 + (module.bias.numel() * 4 if module.bias is not None else 0)
    quantized_names = {id(p) for m in quantized.modules() if isinstance(m, (nn.Conv2d, nn.Linear)) for p in m.parameters(recurse=False)}
    int8_bytes += sum(p.numel() * 4 for p in quantized.parameters() if id(p) not in quantized_names)
    return quantized, float_bytes, int8_bytes
