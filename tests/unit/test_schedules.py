"""dlcourse.schedules (Chapter 3, page 05_schedules) against torch.optim.lr_scheduler."""
import math

import numpy as np
import pytest

from dlcourse import schedules


def torch_lrs(make_scheduler, n, lr=0.1):
    torch = pytest.importorskip("torch")
    p = torch.zeros(1, requires_grad=True)
    opt = torch.optim.SGD([p], lr=lr)
    sched = make_scheduler(torch.optim.lr_scheduler, opt)
    out = []
    for _ in range(n):
        out.append(opt.param_groups[0]["lr"])
        opt.step()
        sched.step()
    return np.array(out)


def test_step_decay_matches_torch():
    ours = schedules.values(schedules.StepDecay(0.1, step_size=7, gamma=0.5), 30)
    np.testing.assert_allclose(ours, torch_lrs(lambda s, o: s.StepLR(o, step_size=7, gamma=0.5), 30), rtol=1e-12)


def test_cosine_matches_torch():
    ours = schedules.values(schedules.Cosine(0.1, total=25, lr_min=0.001), 26)
    theirs = torch_lrs(lambda s, o: s.CosineAnnealingLR(o, T_max=25, eta_min=0.001), 26)
    np.testing.assert_allclose(ours, theirs, rtol=1e-9)
    assert ours[0] == 0.1 and ours[-1] == pytest.approx(0.001)
    assert schedules.Cosine(0.1, total=25, lr_min=0.001)(40) == pytest.approx(0.001)


def test_warmup_matches_torch_linear_lr():
    ours = schedules.values(schedules.Warmup(0.1, steps=5, start_factor=0.2), 12)
    theirs = torch_lrs(lambda s, o: s.LinearLR(o, start_factor=0.2, total_iters=5), 12)
    np.testing.assert_allclose(ours, theirs, rtol=1e-12)


def test_warmup_then_cosine():
    sched = schedules.Warmup(schedules.Cosine(1.0, total=10), steps=4)
    lrs = schedules.values(sched, 15)
    np.testing.assert_allclose(lrs[:5], [0.0, 0.25, 0.5, 0.75, 1.0])
    assert all(a >= b for a, b in zip(lrs[4:], lrs[5:]))  # decreasing after the warm-up
    assert lrs[4 + 5] == pytest.approx(0.5 * (1 + math.cos(math.pi / 2)))
    assert lrs[14] == pytest.approx(0.0)
