"""dlcourse.normalization against PyTorch in float64 and against finite differences."""
import numpy as np
import pytest
import torch

from dlcourse.nn import numerical_gradient, relative_error
from dlcourse.normalization import BatchNorm, LayerNorm

TOL = 1e-10


def torch_batchnorm(n, n_dim):
    layer = (torch.nn.BatchNorm1d if n_dim == 2 else torch.nn.BatchNorm2d)(n, dtype=torch.float64)
    return layer


def to_torch(x, n_dim):
    """Our layout to PyTorch's: (features, examples) -> (examples, features); feature maps are the same."""
    return torch.tensor(x.T.copy() if n_dim == 2 else x.copy(), requires_grad=True)


def from_torch(t, n_dim):
    a = t.detach().numpy()
    return a.T if n_dim == 2 else a


@pytest.mark.parametrize("n_dim, shape", [(2, (6, 9)), (4, (5, 3, 4, 4))])
def test_batchnorm_matches_torch_in_training_and_evaluation(n_dim, shape):
    rng = np.random.default_rng(0)
    n = shape[0] if n_dim == 2 else shape[1]
    ours, theirs = BatchNorm(n, n_dim=n_dim), torch_batchnorm(n, n_dim)
    gamma, beta = rng.normal(size=n), rng.normal(size=n)
    ours.gamma[...] = gamma.reshape(ours.gamma.shape)
    ours.beta[...] = beta.reshape(ours.beta.shape)
    with torch.no_grad():
        theirs.weight.copy_(torch.tensor(gamma))
        theirs.bias.copy_(torch.tensor(beta))
    for step in range(4):                                   # running statistics over several batches
        x = rng.normal(loc=step, scale=1 + step, size=shape)
        dy = rng.normal(size=shape)
        y = ours.forward(x)
        dx = ours.backward(dy)
        xt = to_torch(x, n_dim)
        theirs.zero_grad()
        yt = theirs(xt)
        yt.backward(torch.tensor(dy.T.copy() if n_dim == 2 else dy))
        assert relative_error(y, from_torch(yt, n_dim)) < TOL
        assert relative_error(dx, from_torch(xt.grad, n_dim)) < TOL
        assert relative_error(ours.dgamma.ravel(), theirs.weight.grad.numpy()) < TOL
        assert relative_error(ours.dbeta.ravel(), theirs.bias.grad.numpy()) < TOL
    assert relative_error(ours.running_mean.ravel(), theirs.running_mean.numpy()) < TOL
    assert relative_error(ours.running_var.ravel(), theirs.running_var.numpy()) < TOL
    ours.eval()
    theirs.eval()
    x = rng.normal(size=shape)
    assert relative_error(ours.forward(x), from_torch(theirs(to_torch(x, n_dim)), n_dim)) < TOL


def test_batchnorm_backward_passes_a_gradient_check():
    rng = np.random.default_rng(1)
    layer = BatchNorm(4)
    layer.gamma[...] = rng.normal(size=(4, 1))
    x, weights = rng.normal(size=(4, 7)), rng.normal(size=(4, 7))
    loss = lambda: float((layer.forward(x) * weights).sum())          # noqa: E731
    loss()
    dx = layer.backward(weights)
    assert relative_error(dx, numerical_gradient(loss, x)) < 1e-7
    dgamma = layer.dgamma.copy()
    assert relative_error(dgamma, numerical_gradient(loss, layer.gamma)) < 1e-7


def test_layernorm_matches_torch_and_is_the_same_in_evaluation():
    rng = np.random.default_rng(2)
    ours, theirs = LayerNorm(5), torch.nn.LayerNorm(5, dtype=torch.float64)
    gamma, beta = rng.normal(size=5), rng.normal(size=5)
    ours.gamma[...], ours.beta[...] = gamma[:, None], beta[:, None]
    with torch.no_grad():
        theirs.weight.copy_(torch.tensor(gamma))
        theirs.bias.copy_(torch.tensor(beta))
    x, dy = rng.normal(size=(5, 8)) * 3 + 1, rng.normal(size=(5, 8))
    y, dx = ours.forward(x), None
    dx = ours.backward(dy)
    xt = torch.tensor(x.T.copy(), requires_grad=True)
    yt = theirs(xt)
    yt.backward(torch.tensor(dy.T.copy()))
    assert relative_error(y, yt.detach().numpy().T) < TOL
    assert relative_error(dx, xt.grad.numpy().T) < TOL
    assert relative_error(ours.dgamma.ravel(), theirs.weight.grad.numpy()) < TOL
    assert relative_error(ours.dbeta.ravel(), theirs.bias.grad.numpy()) < TOL
    # one example alone is normalised the same way as inside a batch: no batch statistics involved
    assert relative_error(ours.forward(x[:, :1]), y[:, :1]) < TOL


def test_batchnorm_refuses_a_batch_of_one_in_training():
    with pytest.raises(ValueError, match="more than one value"):
        BatchNorm(3).forward(np.ones((3, 1)))
    assert BatchNorm(3).eval().forward(np.ones((3, 1))).shape == (3, 1)
