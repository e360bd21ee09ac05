import torch
from torch import nn

from dlcourse.apps import compute
from dlcourse.cnn import TorchCNN


def test_flops_of_the_chapter4_cnn_match_hand_count_and_profiler():
    model = TorchCNN()
    rows = compute.layer_table(model, (1, 28, 28))
    flops = {r["layer"].split()[0]: r["flops"] for r in rows}
    assert flops["conv1"] == 2 * 26 * 26 * 32 * 9
    assert flops["conv2"] == 2 * 11 * 11 * 64 * 32 * 9
    assert flops["fc1"] == 2 * 576 * 64
    assert sum(r["params"] for r in rows) == 93_322
    assert sum(flops.values()) == compute.profiler_flops(model, (1, 28, 28))


def test_grouped_convolution_and_training_flag_restored():
    model = nn.Sequential(nn.Conv2d(4, 8, 3, groups=2), nn.Flatten(), nn.Linear(8 * 4 * 4, 3))
    model.train()
    rows = compute.layer_table(model, (4, 6, 6))
    assert rows[0]["flops"] == 2 * 4 * 4 * 8 * 2 * 9
    assert rows[0]["output"] == (8, 4, 4)
    assert model.training
    assert sum(r["flops"] for r in rows) == compute.profiler_flops(model, (4, 6, 6))
