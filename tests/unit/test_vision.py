"""Tests for dlcourse.vision: the NumPy convolution and pooling, evaluation helpers and that every plot draws."""
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402

from dlcourse import vision  # noqa: E402


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


@pytest.mark.parametrize("padding,stride", [(0, 1), (1, 1), (0, 2), (2, 3)])
def test_correlate2d_matches_torch_conv2d(padding, stride):
    rng = np.random.default_rng(0)
    image, kernel = rng.normal(size=(11, 9)), rng.normal(size=(3, 3))
    ours = vision.correlate2d(image, kernel, padding=padding, stride=stride)
    ref = F.conv2d(torch.from_numpy(image)[None, None], torch.from_numpy(kernel)[None, None],
                   padding=padding, stride=stride)[0, 0].numpy()
    assert ours.shape == ref.shape
    np.testing.assert_allclose(ours, ref, atol=1e-12)


def test_correlate2d_does_not_flip_the_kernel():
    image = np.zeros((3, 3))
    image[0, 0] = 1.0
    kernel = np.arange(9.0).reshape(3, 3)
    assert vision.correlate2d(image, kernel)[0, 0] == kernel[0, 0]  # a true convolution would give kernel[2, 2]
    with pytest.raises(ValueError):
        vision.correlate2d(np.zeros((2, 2)), kernel)


def test_max_pool_matches_torch_and_drops_leftovers():
    x = np.random.default_rng(1).normal(size=(11, 11))
    ours = vision.max_pool2d(x, 2)
    ref = F.max_pool2d(torch.from_numpy(x)[None, None], 2)[0, 0].numpy()
    assert ours.shape == (5, 5)
    np.testing.assert_array_equal(ours, ref)


def test_confusion_matrix_and_per_class_accuracy():
    y_true = np.array([0, 0, 1, 1, 1, 2])
    y_pred = np.array([0, 1, 1, 1, 2, 2])
    cm = vision.confusion_matrix(y_true, y_pred, 3)
    np.testing.assert_array_equal(cm, [[1, 1, 0], [0, 2, 1], [0, 0, 1]])
    np.testing.assert_allclose(vision.per_class_accuracy(cm), [0.5, 2 / 3, 1.0])
    assert cm.sum() == len(y_true)
    with pytest.raises(ValueError):
        vision.confusion_matrix([0, 1], [0])


def test_most_confident_mistakes_order():
    probs = np.array([[0.9, 0.1], [0.2, 0.8], [0.4, 0.6], [0.05, 0.95], [0.7, 0.3]])
    y_true = np.array([0, 0, 0, 1, 1])  # wrong: 1 (0.8), 2 (0.6), 4 (0.7)
    np.testing.assert_array_equal(vision.most_confident_mistakes(probs, y_true, k=3), [1, 4, 2])
    np.testing.assert_array_equal(vision.most_confident_mistakes(probs, y_true, k=1), [1])


def test_filters_layouts_agree():
    torch_w = np.random.default_rng(2).normal(size=(32, 1, 3, 3))
    keras_w = torch_w.transpose(2, 3, 1, 0)
    np.testing.assert_array_equal(vision.filters_from(torch_w, "torch"), vision.filters_from(keras_w, "keras"))


def test_plots_draw_with_titles_and_labels():
    rng = np.random.default_rng(3)
    images = rng.integers(0, 255, size=(20, 28, 28)).astype(np.uint8)
    labels = rng.integers(0, 10, size=20)
    probs = rng.dirichlet(np.ones(10), size=20)
    cm = vision.confusion_matrix(labels, probs.argmax(1), 10)
    figures = [
        vision.plot_digits(images, labels, n=10),
        vision.plot_digits(images, labels, predictions=probs.argmax(1), n=10),
        vision.plot_confusion_matrix(cm),
        vision.plot_mistakes(images, labels, probs, vision.most_confident_mistakes(probs, labels, 6)),
        vision.plot_per_class_accuracy(vision.per_class_accuracy(cm)),
        vision.plot_filters(rng.normal(size=(32, 3, 3))),
        vision.plot_feature_maps(rng.normal(size=(8, 26, 26))),
    ]
    for fig in figures:
        assert fig._suptitle is not None or any(ax.get_title() for ax in fig.axes)
    assert vision.plot_confusion_matrix(cm).axes[0].get_xlabel() == "predicted class"


def test_kernel_step_and_widget():
    image = np.random.default_rng(4).random((28, 28))
    kernel = np.array([[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]], dtype=float)
    fig = vision.draw_kernel_step(image, kernel, 5, 7)
    expected = np.sum(image[5:8, 7:10] * kernel)
    assert f"{expected:.2f}" in fig.axes[3].get_title()
    widget = vision.kernel_slider(image, kernel, row=3, col=4)
    row, col = widget.children[0], widget.children[1]
    assert (row.value, col.value, row.max, col.max) == (3, 4, 25, 25)
