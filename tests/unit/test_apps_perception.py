import numpy as np
import pytest

from dlcourse.apps import perception


def iou_by_hand(a, b):
    """The same quantity written pixel by pixel: count the pixels in both boxes and in either."""
    grid = np.zeros((2, 40, 40), bool)
    for k, (x0, y0, x1, y1) in enumerate((a, b)):
        grid[k, y0:y1, x0:x1] = True
    return (grid[0] & grid[1]).sum() / (grid[0] | grid[1]).sum()


def test_iou_of_hand_made_boxes():
    assert perception.box_iou([0, 0, 2, 2], [0, 0, 2, 2])[0] == 1.0
    assert perception.box_iou([0, 0, 2, 2], [2, 0, 4, 2])[0] == 0.0            # touching, no overlap
    assert perception.box_iou([0, 0, 2, 2], [1, 1, 3, 3])[0] == pytest.approx(1 / 7)
    assert perception.box_iou([0, 0, 4, 4], [1, 1, 3, 3])[0] == pytest.approx(4 / 16)  # one inside the other


def test_iou_matches_counting_pixels_and_is_symmetric():
    rng = np.random.default_rng(0)
    xs, ys = np.sort(rng.integers(0, 39, (200, 2)), 1), np.sort(rng.integers(0, 39, (200, 2)), 1)
    a = np.stack([xs[:, 0], ys[:, 0], xs[:, 1] + 1, ys[:, 1] + 1], 1)       # never empty
    b = np.roll(a, 1, axis=0)
    got = perception.box_iou(a, b)
    assert np.allclose(got, perception.box_iou(b, a))
    assert np.allclose(got, [iou_by_hand(p, q) for p, q in zip(a, b)])


def test_box_formats_round_trip():
    boxes = np.array([[3, 5, 20, 30], [0, 0, 64, 64]], np.float32)
    assert np.allclose(perception.to_boxes(perception.to_cxcywh(boxes, 64), 64), boxes)


def test_scenes_hold_the_object_inside_its_box():
    rng = np.random.default_rng(1)
    images = rng.integers(0, 256, (20, 28, 28)).astype(np.uint8)
    images[:, :2] = 0                                            # a dark border, so the tight box is smaller
    labels = np.arange(20) % 10
    scenes, boxes, picked = perception.make_scenes(images, labels, 50, canvas=64, fragments=0, noise=0.0, seed=3)
    assert scenes.shape == (50, 64, 64) and scenes.dtype == np.uint8
    assert boxes.shape == (50, 4) and set(picked) <= set(labels)
    assert (boxes[:, :2] >= 0).all() and (boxes[:, 2:] <= 64).all() and (boxes[:, 2:] > boxes[:, :2]).all()
    for scene, box in zip(scenes, boxes):                        # without clutter, all ink is inside the box
        x0, y0, x1, y1 = box.astype(int)
        outside = scene.copy()
        outside[y0:y1, x0:x1] = 0
        assert outside.max() <= 255 * perception.INK and scene[y0:y1, x0:x1].max() > 255 * perception.INK
    # without clutter, the threshold detector finds the box of the ink exactly
    assert np.allclose(perception.box_iou(perception.threshold_box(scenes, perception.INK), boxes), 1.0)


def test_scenes_are_reproducible_for_a_seed():
    rng = np.random.default_rng(2)
    images = rng.integers(0, 256, (30, 28, 28)).astype(np.uint8)
    labels = np.arange(30) % 10
    one = perception.make_scenes(images, labels, 10, seed=5)
    two = perception.make_scenes(images, labels, 10, seed=5)
    assert all(np.array_equal(p, q) for p, q in zip(one, two))
    assert perception.threshold_box(one[0]).shape == (10, 4)


def test_scores_of_a_perfect_and_a_useless_detector():
    boxes = np.array([[0, 0, 10, 10], [5, 5, 25, 15]], np.float32)
    labels = np.array([1, 2])
    perfect = perception.scores(boxes, labels, boxes, labels)
    assert perfect == {"mean_iou": 1.0, "iou50": 1.0, "iou70": 1.0, "class_acc": 1.0, "correct": 1.0}
    far = boxes + 100
    useless = perception.scores(far, labels[::-1], boxes, labels)
    assert useless == {"mean_iou": 0.0, "iou50": 0.0, "iou70": 0.0, "class_acc": 0.0, "correct": 0.0}
