"""Tests for dlcourse.training: layouts, the PyTorch loop (learns, repeats, history), Keras wrapper, plots."""
import matplotlib

matplotlib.use("Agg")
import numpy as np  # noqa: E402
import pytest  # noqa: E402
import torch  # noqa: E402
from torch import nn  # noqa: E402

from dlcourse import training  # noqa: E402


def blobs(n=400, seed=0):
    """Two classes of tiny 8x8 'images': bright top half vs bright bottom half, plus noise (generated data)."""
    rng = np.random.default_rng(seed)
    y = rng.integers(0, 2, size=n)
    x = rng.integers(0, 60, size=(n, 8, 8))
    x[y == 0, :4] += 150
    x[y == 1, 4:] += 150
    return x.astype(np.uint8), y


def tiny_model():
    return nn.Sequential(nn.Conv2d(1, 4, 3), nn.ReLU(), nn.Flatten(), nn.Linear(4 * 6 * 6, 2))


def test_layouts():
    x, _ = blobs(5)
    k = training.keras_images(x)
    t = training.torch_images(x)
    assert k.shape == (5, 8, 8, 1) and k.dtype == np.float32
    assert tuple(t.shape) == (5, 1, 8, 8) and t.dtype == torch.float32
    np.testing.assert_allclose(t.numpy()[:, 0], k[..., 0])
    assert 0.0 <= k.min() and k.max() <= 1.0
    np.testing.assert_allclose(k[0, 0, 0, 0], x[0, 0, 0] / 255.0)
    ro = x.copy()
    ro.setflags(write=False)
    assert tuple(training.torch_images(ro).shape) == (5, 1, 8, 8)  # read-only arrays are accepted


def test_split_validation_is_a_partition():
    x, y = blobs(100)
    (xa, ya), (xv, yv) = training.split_validation(x, y, 0.2)
    assert len(ya) == 80 and len(yv) == 20
    rows = {r.tobytes() for r in np.concatenate([xa, xv])}
    assert rows == {r.tobytes() for r in x}


def test_fit_torch_learns_and_repeats():
    x, y = blobs()
    xt, yt = training.torch_images(x), training.torch_labels(y)
    xv, yv = blobs(100, seed=1)
    val = (training.torch_images(xv), training.torch_labels(yv))
    histories, params = [], []
    for _ in range(2):
        torch.manual_seed(0)
        model = tiny_model()
        before = training.evaluate_torch(model, *val)
        h = training.fit_torch(model, xt, yt, epochs=3, batch_size=32, validation_data=val, progress=False, seed=1)
        histories.append(h)
        params.append(torch.cat([p.detach().flatten() for p in model.parameters()]))
    assert set(h) == set(training.HISTORY_KEYS)
    assert all(len(v) == 3 for v in h.values())
    assert h["val_accuracy"][-1] > 0.95 and h["val_accuracy"][-1] > before[1]
    assert h["loss"][-1] < h["loss"][0]
    assert histories[0] == histories[1]
    assert torch.equal(params[0], params[1])
    # the history's validation numbers are what evaluate_torch says for the final weights
    assert h["val_loss"][-1] == pytest.approx(training.evaluate_torch(model, *val)[0], rel=1e-6)


def test_fit_torch_without_validation_and_predict():
    x, y = blobs(64)
    model = tiny_model()
    h = training.fit_torch(model, training.torch_images(x), training.torch_labels(y), epochs=1, progress=False)
    assert set(h) == {"loss", "accuracy"}
    probs = training.predict_torch(model, training.torch_images(x), batch_size=10)
    assert probs.shape == (64, 2)
    np.testing.assert_allclose(probs.sum(1), 1.0, rtol=1e-5)
    assert model.training  # evaluate/predict restore the mode


def test_fit_torch_steps_the_scheduler_once_per_batch_like_keras_schedules():
    import keras

    x, y = blobs(100)
    model = tiny_model()
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    steps = 2 * 4  # 2 epochs of ceil(100 / 32) = 4 batches
    scheduler = torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=steps)
    seen = []
    original_step = optimizer.step

    def recording_step(*args, **kwargs):  # the learning rate each update actually used
        seen.append(optimizer.param_groups[0]["lr"])
        return original_step(*args, **kwargs)

    optimizer.step = recording_step
    training.fit_torch(model, training.torch_images(x), training.torch_labels(y), epochs=2, batch_size=32,
                       optimizer=optimizer, scheduler=scheduler, progress=False)
    keras_rates = keras.optimizers.schedules.CosineDecay(1e-3, decay_steps=steps)
    np.testing.assert_allclose(seen, [float(keras_rates(t)) for t in range(steps)], rtol=1e-5, atol=1e-12)
    assert optimizer.param_groups[0]["lr"] == pytest.approx(0.0, abs=1e-12)  # annealed to zero at the end


def test_fit_keras_history_and_progress():
    import keras

    keras.utils.set_random_seed(0)
    x, y = blobs(200)
    model = keras.Sequential([keras.Input((8, 8, 1)), keras.layers.Conv2D(4, 3, activation="relu"),
                              keras.layers.Flatten(), keras.layers.Dense(2, activation="softmax")])
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    xv, yv = blobs(50, seed=1)
    h = training.fit_keras(model, training.keras_images(x), y, epochs=4, batch_size=16,
                           validation_data=(training.keras_images(xv), yv))
    assert set(h) == set(training.HISTORY_KEYS)
    assert len(h["loss"]) == 4 and h["loss"][-1] < h["loss"][0]
    assert h["val_accuracy"][-1] > 0.9
    callback = training.keras_progress_callback()
    assert isinstance(callback, keras.callbacks.Callback)


def test_plot_history():
    h = {"loss": [1.0, 0.5], "accuracy": [0.6, 0.8], "val_loss": [0.9, 0.6], "val_accuracy": [0.65, 0.78]}
    fig = training.plot_history(h, "demo")
    assert [ax.get_title() for ax in fig.axes] == ["Loss", "Accuracy"]
    assert len(fig.axes[0].lines) == 2
    fig2 = training.plot_history({"loss": [1.0], "accuracy": [0.5]})
    assert len(fig2.axes[0].lines) == 1
