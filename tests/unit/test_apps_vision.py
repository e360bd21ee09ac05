import numpy as np
import torch

from dlcourse.apps import vision


def test_to_tensor_scales_and_adds_channel():
    x = vision.to_tensor(np.full((2, 28, 28), 255, np.uint8))
    assert x.shape == (2, 1, 28, 28) and x.dtype == torch.float32 and float(x.max()) == 1.0


def test_training_reduces_loss_on_a_separable_toy_problem():
    rng = np.random.default_rng(0)
    images = np.zeros((64, 28, 28), np.uint8)
    labels = rng.integers(0, 2, 64)
    images[labels == 1, :14] = 255          # class 1: bright top half
    images[labels == 0, 14:] = 255          # class 0: bright bottom half
    torch.manual_seed(0)
    model = torch.nn.Sequential(torch.nn.Flatten(), torch.nn.Linear(784, 2))
    history = vision.train_classifier(model, images, labels, epochs=5, batch_size=16, lr=1e-2)
    assert history[-1] < 0.5 * history[0]
    assert vision.accuracy(model, images, labels) == 1.0


def test_predict_does_not_depend_on_the_batch_size():
    rng = np.random.default_rng(1)
    images = rng.integers(0, 256, (300, 28, 28)).astype(np.uint8)
    torch.manual_seed(0)
    model = torch.nn.Sequential(torch.nn.Flatten(), torch.nn.Linear(784, 10))
    with torch.no_grad():
        expected = model(vision.to_tensor(images)).argmax(1).numpy()
    for batch_size in (1, 7, 256, 1000):
        assert np.array_equal(vision.predict(model, images, batch_size=batch_size), expected)
