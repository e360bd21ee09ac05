"""Tests for dlcourse.backprop_stepper (chapter 2, page 01): the traced values and the widget."""
import matplotlib

matplotlib.use("Agg")
import numpy as np  # noqa: E402
import pytest  # noqa: E402
import torch  # noqa: E402

from dlcourse import backprop_stepper as bs  # noqa: E402


def random_net(seed):
    rng = np.random.default_rng(seed)
    return bs.TinyNet(W1=rng.standard_normal((2, 2)), b1=rng.standard_normal((2, 1)),
                      W2=rng.standard_normal((1, 2)), b2=rng.standard_normal((1, 1)),
                      x=rng.standard_normal((2, 1)), y=float(rng.standard_normal()))


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_trace_matches_torch_autograd(seed):
    net = random_net(seed)
    values = {s.key: s.value for s in bs.trace(net)}
    W1, b1, W2, b2 = (torch.tensor(a, requires_grad=True) for a in (net.W1, net.b1, net.W2, net.b2))
    x = torch.tensor(net.x)
    z1 = W1 @ x + b1
    a1 = torch.sigmoid(z1)
    z2 = W2 @ a1 + b2
    loss = ((z2 - net.y) ** 2).sum()
    loss.backward()
    np.testing.assert_allclose(values["a1"], a1.detach().numpy(), rtol=1e-12)
    np.testing.assert_allclose(values["L"], loss.item(), rtol=1e-12)
    for key, tensor in (("dW1", W1), ("db1", b1), ("dW2", W2), ("db2", b2)):
        np.testing.assert_allclose(values[key], tensor.grad.numpy(), rtol=1e-10, atol=1e-14)


def test_trace_order_is_forward_then_backward():
    phases = [s.phase for s in bs.trace()]
    assert phases == sorted(phases, key=lambda p: p != "forward")
    assert [s.key for s in bs.trace()][:4] == ["z1", "a1", "z2", "L"]


def test_known_after_grows_step_by_step():
    n = len(bs.steps_for_display())
    sizes = [len(bs.known_after(k)) for k in range(n)]
    assert sizes == sorted(sizes) and sizes[0] == 1 and sizes[-1] == len(bs.trace())
    assert "dz2" not in bs.known_after(3) and "dz2" in bs.known_after(4)
    with pytest.raises(ValueError):
        bs.known_after(n)


def test_draw_shows_the_values_known_at_that_step():
    first = bs.draw(0)
    texts = " ".join(t.get_text() for t in first["figure"].axes[0].texts)
    assert "z = -0.2000" in texts and "σ(z)" not in texts and "∂L" not in texts
    last = bs.draw(len(bs.steps_for_display()) - 1)
    texts = " ".join(t.get_text() for t in last["figure"].axes[0].texts)
    dW1 = last["known"]["dW1"]
    assert f"{dW1[0, 1]:+.3f}" in texts
    assert last["title"].startswith("step 9 of 9 (backward)")


def test_stepper_widget_starts_on_the_last_step():
    widget = bs.stepper()
    slider = widget.children[0]
    assert slider.min == 1 and slider.max == len(bs.steps_for_display()) and slider.value == slider.max
    assert bs.stepper(step=0).children[0].value == 1
