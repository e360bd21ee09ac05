"""Tests for dlcourse.cnn: architecture, parameter counts and the Keras -> PyTorch weight transfer."""
import numpy as np
import pytest
import torch

from dlcourse import cnn

EXPECTED_PER_LAYER = [("conv1", 320), ("pool1", 0), ("conv2", 18_496), ("pool2", 0), ("conv3", 36_928),
                      ("flatten", 0), ("fc1", 36_928), ("fc2", 650)]


@pytest.fixture(scope="module")
def keras_model():
    return cnn.build_keras_cnn()


def test_output_size_formula():
    assert cnn.conv_output_size(28, 3) == 26
    assert cnn.conv_output_size(26, 2, stride=2) == 13
    assert cnn.conv_output_size(11, 2, stride=2) == 5  # floor: the last row/column is dropped
    assert cnn.conv_output_size(28, 3, padding=1) == 28  # "same" padding
    assert cnn.conv_output_size(28, 5, padding=2, stride=2) == 14
    with pytest.raises(ValueError):
        cnn.conv_output_size(2, 3)


def test_recipe_table_by_hand():
    table = cnn.recipe_table()
    assert [(name, params) for name, _, params in table] == EXPECTED_PER_LAYER
    assert [shape for _, shape, _ in table] == [(26, 26, 32), (13, 13, 32), (11, 11, 64), (5, 5, 64),
                                                 (3, 3, 64), (576,), (64,), (10,)]
    assert sum(p for _, _, p in table) == cnn.EXPECTED_PARAMETERS == 93_322


def test_torch_parameter_counts():
    model = cnn.TorchCNN()
    assert cnn.layer_parameter_counts(model) == EXPECTED_PER_LAYER
    assert cnn.count_parameters(model) == 93_322
    assert "93,322" in cnn.parameter_table(model)


def test_keras_parameter_counts(keras_model):
    assert cnn.layer_parameter_counts(keras_model) == EXPECTED_PER_LAYER
    assert cnn.count_parameters(keras_model) == 93_322
    assert cnn.count_parameters(keras_model, trainable_only=True) == 93_322


def test_other_class_counts_and_shapes():
    model = cnn.TorchCNN(num_classes=3)
    x = torch.zeros(2, 1, 28, 28)
    assert model(x).shape == (2, 3)
    assert cnn.count_parameters(model) == 93_322 - 650 + cnn.dense_parameters(64, 3)
    assert model[:3](x).shape == (2, 32, 13, 13)  # conv1 -> relu -> pool


def test_torch_outputs_logits_keras_outputs_probabilities(keras_model):
    torch.manual_seed(0)
    logits = cnn.TorchCNN()(torch.rand(4, 1, 28, 28))
    assert not torch.allclose(logits.sum(1), torch.ones(4))  # logits, not probabilities
    probs = np.asarray(keras_model(np.random.rand(4, 28, 28, 1).astype("float32")))
    np.testing.assert_allclose(probs.sum(1), 1.0, rtol=1e-5)
    assert (probs >= 0).all()


def test_weight_transfer_gives_the_same_function(keras_model):
    torch_model = cnn.copy_keras_weights_to_torch(keras_model, cnn.TorchCNN())
    x = np.random.default_rng(0).random((5, 28, 28, 1), dtype=np.float32)
    keras_probs = np.asarray(keras_model(x))
    with torch.no_grad():
        torch_probs = torch.softmax(torch_model(torch.from_numpy(x.transpose(0, 3, 1, 2).copy())), 1).numpy()
    np.testing.assert_allclose(torch_probs, keras_probs, atol=1e-5)


def test_weight_transfer_needs_the_flatten_permutation(keras_model):
    """Copying fc1 without reordering its rows gives a different function: the permutation matters."""
    torch_model = cnn.copy_keras_weights_to_torch(keras_model, cnn.TorchCNN())
    kernel = keras_model.get_layer("fc1").get_weights()[0]
    with torch.no_grad():
        torch_model.fc1.weight.copy_(torch.from_numpy(kernel.T.copy()))
    x = np.random.default_rng(1).random((5, 28, 28, 1), dtype=np.float32)
    with torch.no_grad():
        torch_probs = torch.softmax(torch_model(torch.from_numpy(x.transpose(0, 3, 1, 2).copy())), 1).numpy()
    assert np.abs(torch_probs - np.asarray(keras_model(x))).max() > 1e-4


def test_torch_starts_from_keras_initialisation(keras_model):
    """Glorot-uniform kernels (bound sqrt(6 / (fan_in + fan_out))) and zero biases, layer by layer, in both."""
    torch.manual_seed(0)
    model = cnn.TorchCNN()
    for name in ("conv1", "conv2", "conv3", "fc1", "fc2"):
        weight, bias = getattr(model, name).weight.detach().numpy(), getattr(model, name).bias.detach().numpy()
        receptive = int(np.prod(weight.shape[2:]))
        bound = np.sqrt(6.0 / (weight.shape[1] * receptive + weight.shape[0] * receptive))
        kernel, keras_bias = (np.asarray(v) for v in keras_model.get_layer(name).get_weights())
        for w in (weight, kernel):
            assert np.abs(w).max() <= bound
            assert np.abs(w).max() > 0.9 * bound  # uses the whole range, as a uniform draw of this size does
            assert w.std() == pytest.approx(bound / np.sqrt(3), rel=0.2)
        assert not bias.any() and not keras_bias.any()
