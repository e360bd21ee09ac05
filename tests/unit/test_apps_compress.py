import numpy as np
import torch

from dlcourse.apps import compress
from dlcourse.cnn import TorchCNN


def test_int8_roundtrip_error_is_at_most_half_a_step():
    w = np.random.default_rng(0).normal(size=(8, 3, 3, 3)).astype(np.float32)
    codes, scales = compress.quantize_int8(w)
    assert codes.dtype == np.int8 and scales.shape == (8,)
    assert np.abs(codes).max() == 127
    err = np.abs(compress.dequantize_int8(codes, scales) - w)
    assert np.all(err <= scales[:, None, None, None] / 2 + 1e-7)


def test_zero_channel_does_not_divide_by_zero():
    codes, scales = compress.quantize_int8(np.zeros((2, 4), np.float32))
    assert np.all(codes == 0) and np.all(np.isfinite(scales))


def test_quantize_model_sizes_and_outputs():
    torch.manual_seed(0)
    model = TorchCNN()
    quantized, float_bytes, int8_bytes = compress.quantize_model(model)
    assert float_bytes == 93_322 * 4
    weights = sum(m.weight.numel() for m in model.modules() if isinstance(m, (torch.nn.Conv2d, torch.nn.Linear)))
    biases = 93_322 - weights
    channels = 32 + 64 + 64 + 64 + 10
    assert int8_bytes == weights + 4 * biases + 4 * channels
    x = torch.rand(4, 1, 28, 28)
    with torch.no_grad():
        assert torch.allclose(model(x), quantized(x), atol=1e-2)
        assert not torch.equal(model.conv1.weight, quantized.conv1.weight)  # the original is untouched, the copy changed
