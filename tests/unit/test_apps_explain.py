import numpy as np
import torch
from torch import nn

from dlcourse.apps import explain


def linear_model():
    """logit_c = sum(w_c * x): its saliency is |w_c| exactly, and occluding ink lowers the score."""
    model = nn.Sequential(nn.Flatten(), nn.Linear(16, 2, bias=False))
    with torch.no_grad():
        model[1].weight.zero_()
        model[1].weight[0, :8] = 1.0       # class 0 looks at the top half
        model[1].weight[1, 8:] = 1.0       # class 1 at the bottom half
    return model


def test_saliency_of_a_linear_model_is_its_weights():
    model = linear_model()
    image = torch.rand(1, 4, 4)
    sal = explain.saliency_map(model, image, target=0)
    assert sal.shape == (4, 4)
    assert np.allclose(sal.ravel(), model[1].weight[0].detach().abs().numpy())


def test_occlusion_marks_the_pixels_that_support_the_class():
    model = linear_model()
    image = torch.ones(1, 4, 4)
    occ = explain.occlusion_map(model, image, target=0, patch=2, stride=2)
    assert occ.shape == (4, 4)
    assert occ[:2].min() > 0            # covering the top half lowers class 0's probability
    assert occ[2:].max() < 0            # covering the bottom half raises it
