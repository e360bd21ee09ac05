"""dlcourse.losses (Chapter 3, page 01_loss_functions): values against PyTorch, gradients against
finite differences and autograd, and numerical stability at extreme logits."""
import numpy as np
import pytest

from dlcourse import losses
from dlcourse.nn import numerical_gradient

rng = np.random.default_rng(0)


CASES = {
    "mse": (losses.mse, losses.mse_grad, lambda: rng.normal(size=(6, 2))),
    "mae": (losses.mae, losses.mae_grad, lambda: rng.normal(size=(6, 2))),
    "bce": (losses.binary_cross_entropy, losses.binary_cross_entropy_grad,
            lambda: rng.integers(0, 2, size=(7,)).astype(float)),
    "cce": (losses.categorical_cross_entropy, losses.categorical_cross_entropy_grad,
            lambda: np.eye(4)[rng.integers(0, 4, size=5)]),
}


@pytest.mark.parametrize("name", CASES)
def test_gradient_matches_finite_differences(name):
    loss, grad, make_target = CASES[name]
    target = make_target()
    pred = rng.normal(size=target.shape) * 2
    g = grad(pred, target)
    assert g.shape == pred.shape
    num = numerical_gradient(lambda: loss(pred, target), pred)
    np.testing.assert_allclose(g, num, rtol=1e-5, atol=1e-8)


def test_against_torch():
    torch = pytest.importorskip("torch")
    F = torch.nn.functional
    pred, target = rng.normal(size=(5, 3)), rng.normal(size=(5, 3))
    tp = torch.tensor(pred, requires_grad=True)
    for ours, ours_grad, theirs in [(losses.mse, losses.mse_grad, F.mse_loss),
                                    (losses.mae, losses.mae_grad, F.l1_loss)]:
        tp.grad = None
        value = theirs(tp, torch.tensor(target))
        value.backward()
        assert ours(pred, target) == pytest.approx(value.item(), rel=1e-12)
        np.testing.assert_allclose(ours_grad(pred, target), tp.grad.numpy(), rtol=1e-12)

    z, y = rng.normal(size=(8,)) * 3, rng.integers(0, 2, size=8).astype(float)
    tz = torch.tensor(z, requires_grad=True)
    value = F.binary_cross_entropy_with_logits(tz, torch.tensor(y))
    value.backward()
    assert losses.binary_cross_entropy(z, y) == pytest.approx(value.item(), rel=1e-12)
    np.testing.assert_allclose(losses.binary_cross_entropy_grad(z, y), tz.grad.numpy(), rtol=1e-10)

    z, labels = rng.normal(size=(6, 4)) * 3, rng.integers(0, 4, size=6)
    tz = torch.tensor(z, requires_grad=True)
    value = F.cross_entropy(tz, torch.tensor(labels))
    value.backward()
    assert losses.categorical_cross_entropy(z, labels) == pytest.approx(value.item(), rel=1e-12)
    assert losses.categorical_cross_entropy(z, np.eye(4)[labels]) == pytest.approx(value.item(), rel=1e-12)
    np.testing.assert_allclose(losses.categorical_cross_entropy_grad(z, labels), tz.grad.numpy(), rtol=1e-10)


def test_values_by_hand():
    assert losses.mse([1.0, 3.0], [0.0, 0.0]) == pytest.approx(5.0)
    assert losses.mae([1.0, -3.0], [0.0, 0.0]) == pytest.approx(2.0)
    # Logit 0 is probability 1/2 whatever the label: loss log 2.
    assert losses.binary_cross_entropy([0.0, 0.0], [0.0, 1.0]) == pytest.approx(np.log(2))
    # Equal logits over k classes: loss log k.
    assert losses.categorical_cross_entropy(np.zeros((3, 5)), [0, 1, 4]) == pytest.approx(np.log(5))


def test_cross_entropy_is_stable_for_huge_logits():
    z = np.array([1000.0, -1000.0, 800.0])
    y = np.array([1.0, 0.0, 0.0])
    with np.errstate(over="raise", invalid="raise", divide="raise"):  # underflow to 0 is fine
        value = losses.binary_cross_entropy(z, y)
        grad = losses.binary_cross_entropy_grad(z, y)
        cce = losses.categorical_cross_entropy(np.array([[1000.0, 0.0, -1000.0]]), [1])
    assert value == pytest.approx(800.0 / 3)
    np.testing.assert_allclose(grad, [0.0, 0.0, 1 / 3])
    assert cce == pytest.approx(1000.0)
    assert losses.sigmoid(np.array([-1000.0]))[0] == 0.0
    np.testing.assert_allclose(losses.log_softmax(np.array([[1000.0, 1000.0]])), [[-np.log(2), -np.log(2)]])


def test_probability_version_is_clipped():
    assert np.isfinite(losses.binary_cross_entropy_from_probs([0.0], [1.0]))
    assert losses.binary_cross_entropy_from_probs([0.0], [1.0]) == pytest.approx(-np.log(1e-7))
    p = np.array([0.2, 0.7])
    y = np.array([0.0, 1.0])
    assert losses.binary_cross_entropy_from_probs(p, y) == pytest.approx(
        losses.binary_cross_entropy(np.log(p / (1 - p)), y))


def test_shape_mismatch_is_an_error():
    with pytest.raises(ValueError, match="differ"):
        losses.mse(np.zeros(4), np.zeros((4, 1)))
    with pytest.raises(ValueError):
        losses.categorical_cross_entropy(np.zeros((2, 3)), [0, 3])
