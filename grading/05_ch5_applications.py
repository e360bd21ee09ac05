"""Judge's questions for exercises/05_ch5_applications.ipynb (instructor only: never give this to students).

Questions 1-6 are NumPy only: the sandbox that answers has no PyTorch and none of the course's modules
(dlcourse.apps implements the chapter's versions). Questions 7 and 8 use frameworks: 7 is a Keras forecasting
pipeline with bugs, whose fixed version is rerun on a series, initial weights and settings drawn here and
compared forecast by forecast with a correct pipeline computed here in NumPy (float64 SGD, batches in
order: Keras gives the same numbers to about 1e-14, tests/unit/test_exercises_references.py); 8 trains the
student's forecaster (PyTorch or Keras) on the first part of a nonlinear series generated here and measures
its one-step forecasts on the rest, which the sandbox never receives, against the naive forecast.
Series, ratings, arms, weights, episodes, images and the regions a model looks at are drawn here at
grading time.
"""
import itertools

import numpy as np

from dlcourse.exercises import expect
from dlcourse.exercises.protocol import function_input
from dlcourse.exercises.questions import question, written

NUMPY_ONLY = True
ANSWERS = ["seasonal_naive_forecast", "ar_forecast", "mf_loss_and_gradients", "epsilon_greedy", "pseudo_regret",
           "compare_epsilons", "quantize_int8", "dequantize_int8", "output_error_bound", "prototype_classify",
           "occlusion_map", "forecast_fixed", "train_forecaster"]
# Question 8: the student's forecaster must reach at most this mean absolute error, relative to the naive
# forecast's, on the held-out part of the series. The course's solution (an MLP on standardised windows,
# 30 epochs of Adam, 0.5 s of CPU) reached 0.064-0.126 (mean 0.083) over 10 draws of the series, lookback and
# seed; chapter 5's 1-D CNN (Forecaster, 15 epochs, standardised windows) 0.093-0.141 over 3. The baselines
# fail by construction: the naive forecast is 1, and a series on which least-squares AR(lookback) gets below
# AR_CEILING is drawn again (over 300 draws AR ranged 0.552-0.904, so a redraw is rare).
FORECAST_TARGET = 0.3
AR_CEILING = 0.55
FORECAST_TRAIN, FORECAST_TEST = 1500, 500


def seasonal_naive_reference(series, season, horizon):
    return np.array([series[len(series) - season + (h % season)] for h in range(horizon)], dtype=float)


def ar_reference(series, p, horizon):
    n = len(series)
    design = np.column_stack([np.ones(n - p)] + [series[p - i:n - i] for i in range(1, p + 1)])
    coef = np.linalg.lstsq(design, series[p:], rcond=None)[0]
    history, out = list(series), []
    for _ in range(horizon):
        value = coef[0] + sum(coef[i] * history[-i] for i in range(1, p + 1))
        out.append(value)
        history.append(value)
    return np.array(out)


def _series(rng, n):
    a1, a2 = float(rng.uniform(0.2, 0.7)), float(rng.uniform(-0.3, 0.2))
    period = int(rng.integers(4, 13))
    y = np.zeros(n)
    for t in range(2, n):
        y[t] = a1 * y[t - 1] + a2 * y[t - 2] + rng.normal()
    return y + float(rng.normal(5, 2)) + 2 * np.sin(2 * np.pi * np.arange(n) / period), period


@question("q1")
def q1(student, rng):
    series, period = _series(rng, int(rng.integers(60, 200)))
    for season, horizon in [(1, int(rng.integers(1, 6))), (period, int(rng.integers(period + 1, 3 * period)))]:
        expect.array(student.call("seasonal_naive_forecast", series, season, horizon),
                     seasonal_naive_reference(series, season, horizon),
                     f"seasonal_naive_forecast(series of {len(series)}, season={season}, horizon={horizon})")
    for p, horizon in [(1, 1), (int(rng.integers(2, 6)), int(rng.integers(3, 15)))]:
        expect.array(student.call("ar_forecast", series, p, horizon), ar_reference(series, p, horizon),
                     f"ar_forecast(series of {len(series)}, p={p}, horizon={horizon})", rtol=1e-6, atol=1e-7)


def mf_reference(U, V, users, items, ratings, lam):
    error = np.sum(U[users] * V[items], axis=1) - ratings
    loss = float(np.mean(error ** 2) + lam * (np.sum(U ** 2) + np.sum(V ** 2)))
    dU, dV = 2 * lam * U, 2 * lam * V
    np.add.at(dU, users, 2 / len(ratings) * error[:, None] * V[items])
    np.add.at(dV, items, 2 / len(ratings) * error[:, None] * U[users])
    return loss, dU, dV


@question("q2")
def q2(student, rng):
    n_users, n_items, rank = int(rng.integers(3, 9)), int(rng.integers(3, 9)), int(rng.integers(1, 5))
    n = int(rng.integers(n_users + n_items, 40))  # more ratings than users and items: repeats guaranteed
    users, items = rng.integers(0, n_users, size=n), rng.integers(0, n_items, size=n)
    U, V, ratings = rng.normal(size=(n_users, rank)), rng.normal(size=(n_items, rank)), rng.integers(1, 6, size=n).astype(float)
    lam = float(rng.uniform(0.001, 0.1))
    what = f"mf_loss_and_gradients for {n_users} users, {n_items} items, rank {rank}, {n} ratings"
    got = student.call("mf_loss_and_gradients", U, V, users, items, ratings, lam)
    if not isinstance(got, tuple) or len(got) != 3:
        raise expect.Wrong(f"{what}: expected a tuple (loss, dU, dV), got {expect.describe(got)}")
    loss, dU, dV = mf_reference(U, V, users, items, ratings, lam)
    expect.scalar(got[0], loss, f"loss of {what}", tol=1e-9 * max(1, loss))
    expect.array(got[1], dU, f"dU of {what} (users rated several items: their gradients add up)")
    expect.array(got[2], dV, f"dV of {what}")


def regret_reference(arm_means, arms):
    means = np.asarray(arm_means, dtype=float)
    return np.cumsum(means.max() - means[np.asarray(arms)])


def _arms(student, arm_means, epsilon, steps, seed):
    got = student.call("epsilon_greedy", arm_means, epsilon, steps, seed)
    what = f"epsilon_greedy({np.round(arm_means, 3).tolist()}, epsilon={epsilon}, steps={steps}, seed={seed})"
    expect.array(got, np.zeros(steps), what, dtype="int", atol=np.inf)  # shape and dtype
    if got.min() < 0 or got.max() >= len(arm_means):
        raise expect.Wrong(f"{what}: arms must be indices 0 .. {len(arm_means) - 1}, got {int(got.min())} .. {int(got.max())}")
    return got, what


@question("q3")
def q3(student, rng):
    k = int(rng.integers(3, 7))
    arm_means = rng.uniform(0.05, 0.95, size=k)
    arms = rng.integers(0, k, size=50)
    expect.array(student.call("pseudo_regret", arm_means, arms), regret_reference(arm_means, arms),
                 "pseudo_regret for 50 random pulls")
    seed = int(rng.integers(0, 10_000))
    uniform, what = _arms(student, arm_means, 1.0, 3000, seed)
    counts = np.bincount(uniform, minlength=k)
    if np.abs(counts - 3000 / k).max() > 0.25 * 3000 / k:
        raise expect.Wrong(f"{what}: with epsilon = 1 every pull is random, so each arm should be pulled about "
                           f"{3000 / k:.0f} times; got counts {counts.tolist()}")
    again, _ = _arms(student, arm_means, 1.0, 3000, seed)
    if not np.array_equal(uniform, again):
        raise expect.Wrong(f"{what}: two runs with the same seed gave different pulls (draw from default_rng(seed))")
    other, _ = _arms(student, arm_means, 1.0, 3000, seed + 1)
    if np.array_equal(uniform, other):
        raise expect.Wrong(f"{what}: seeds {seed} and {seed + 1} gave the same pulls")
    easy = rng.permutation([0.1, 0.5, 0.9])
    pulls, what = _arms(student, easy, 0.1, 2000, seed)
    best = float(np.mean(pulls == int(np.argmax(easy))))
    if best < 0.7:
        raise expect.Wrong(f"{what}: the best arm (mean 0.9) was pulled in {best:.0%} of the plays; epsilon-greedy "
                           f"should exploit it in most of them (about 90%)")
    epsilons = [0.0, float(np.round(rng.uniform(0.02, 0.08), 3)), float(np.round(rng.uniform(0.15, 0.3), 3))]
    seeds = [int(s) for s in rng.integers(0, 10_000, size=4)]
    finals = np.array([[regret_reference(arm_means, _arms(student, arm_means, e, 300, s)[0])[-1] for s in seeds]
                       for e in epsilons])
    expected = np.stack([finals.mean(axis=1), finals.std(axis=1, ddof=1)], axis=1)
    expect.array(student.call("compare_epsilons", arm_means, epsilons, 300, seeds), expected,
                 f"compare_epsilons(epsilons={epsilons}, steps=300, seeds={seeds}) (mean and standard deviation "
                 f"of the final pseudo-regret of your epsilon_greedy over the seeds)", atol=1e-9)


def _weights(rng):
    rows, cols = int(rng.integers(2, 9)), int(rng.integers(2, 9))
    yield rng.normal(0.3, 0.5, size=(rows, cols)), "a random weight matrix"
    yield rng.uniform(0.0, float(rng.uniform(0.5, 3)), size=(rows, cols)), "a matrix of non-negative values"
    w = rng.normal(size=(rows, cols))
    w[0, :] = 0.0
    yield w, "a matrix with a row of zeros"
    yield -rng.uniform(0.1, 2, size=(rows, cols)), "a matrix of negative values"


@question("q4")
def q4(student, rng):
    for W, kind in _weights(rng):
        what = f"quantize_int8 of {kind}"
        got = student.call("quantize_int8", W)
        if not isinstance(got, tuple) or len(got) != 3:
            raise expect.Wrong(f"{what}: expected a tuple (q, scale, zero_point), got {expect.describe(got)}")
        q, scale, zero = got
        if not isinstance(q, np.ndarray) or q.dtype != np.int8 or q.shape != W.shape:
            raise expect.Wrong(f"{what}: q should be an int8 array of shape {W.shape}, got {expect.describe(q)}")
        expect.kind(scale, (float, np.floating), what, "a float scale")
        expect.kind(zero, (int, np.integer), what, "an integer zero_point")
        if not (np.isfinite(scale) and scale > 0) or not -128 <= int(zero) <= 127:
            raise expect.Wrong(f"{what}: expected a positive scale and a zero_point in [-128, 127], got {scale!r}, {zero!r}")
        low, high = min(W.min(), 0.0), max(W.max(), 0.0)
        if scale > (high - low) / 255 * (1 + 1e-9):
            raise expect.Wrong(f"{what}: the scale {float(scale):.6g} wastes levels: the range [{low:.4g}, {high:.4g}] "
                               f"fits in 256 levels with a scale of {(high - low) / 255:.6g}")
        back = student.call("dequantize_int8", q, scale, zero)
        expect.array(back, W, f"dequantize_int8(quantize_int8(W)) for {kind}", rtol=0, atol=float(scale) / 2 * (1 + 1e-6))
        if not np.all(back[W == 0] == 0):
            raise expect.Wrong(f"{what}: zeros of W must come back exactly 0 (padding and ReLU zeros stay zero)")
        x = rng.normal(size=(int(rng.integers(1, 6)), W.shape[0]))
        bound = student.call("output_error_bound", x, scale)
        expect.array(bound, float(scale) / 2 * np.abs(x).sum(axis=1), f"output_error_bound for x of shape {x.shape}", atol=1e-12)
        if np.any(np.abs(x @ back - x @ W) > bound[:, None] * (1 + 1e-9) + 1e-12):
            raise expect.Wrong(f"{what}: the output error exceeds your bound")


def prototype_reference(support_x, support_y, query_x, metric):
    classes = np.unique(support_y)
    protos = np.stack([support_x[support_y == c].mean(axis=0) for c in classes])
    if metric == "cosine":
        p = protos / np.linalg.norm(protos, axis=1, keepdims=True)
        q = query_x / np.linalg.norm(query_x, axis=1, keepdims=True)
        return classes[np.argmax(q @ p.T, axis=1)]
    distances = ((query_x[:, None, :] - protos[None]) ** 2).sum(axis=2)
    return classes[np.argmin(distances, axis=1)]


@question("q5")
def q5(student, rng):
    for metric in ("euclidean", "cosine"):
        ways, shots, dim = int(rng.integers(3, 7)), int(rng.integers(1, 6)), int(rng.integers(4, 17))
        classes = rng.choice(100, size=ways, replace=False)
        # classes point in different directions with different lengths, and queries have any length: the
        # nearest prototype by distance and by angle then often differ, so each metric is really tested
        directions = rng.normal(size=(ways, dim))
        directions /= np.linalg.norm(directions, axis=1, keepdims=True)
        centres = directions * rng.uniform(0.5, 6, size=(ways, 1))
        support_y = np.repeat(classes, shots)
        support_x = np.repeat(centres, shots, axis=0) + rng.normal(0, 0.3, size=(ways * shots, dim))
        order = rng.permutation(ways * shots)
        support_x, support_y = support_x[order], support_y[order]
        for _ in range(20):  # queries on which the two metrics disagree at least 3 times
            which = rng.integers(0, ways, size=30)
            query_x = directions[which] * rng.uniform(0.1, 8, size=(30, 1)) + rng.normal(0, 0.1, size=(30, dim))
            if np.sum(prototype_reference(support_x, support_y, query_x, "euclidean")
                      != prototype_reference(support_x, support_y, query_x, "cosine")) >= 3:
                break
        expect.array(student.call("prototype_classify", support_x, support_y, query_x, metric=metric),
                     prototype_reference(support_x, support_y, query_x, metric),
                     f"prototype_classify, {ways}-way {shots}-shot, labels {sorted(classes.tolist())}, metric={metric!r}",
                     dtype="int", rtol=0, atol=0)


def occlusion_reference(score, image, patch, stride, baseline):
    h, w = image.shape
    total, count = np.zeros_like(image), np.zeros_like(image)
    full = score(image)
    for i in range(0, h - patch + 1, stride):
        for j in range(0, w - patch + 1, stride):
            occluded = image.copy()
            occluded[i:i + patch, j:j + patch] = baseline
            total[i:i + patch, j:j + patch] += full - score(occluded)
            count[i:i + patch, j:j + patch] += 1
    return np.divide(total, count, out=np.zeros_like(total), where=count > 0)


@question("q6")
def q6(student, rng):
    h, w = int(rng.integers(8, 17)), int(rng.integers(8, 17))
    mask = np.zeros((h, w))
    top, left = int(rng.integers(0, h - 3)), int(rng.integers(0, w - 3))
    mask[top:top + 3, left:left + 3] = 1.0
    image = rng.uniform(0.5, 1.0, size=(h, w))
    for name, args, patch, stride, baseline in [
            ("masked_sum", (mask,), 3, 1, 0.0),
            ("masked_sum", (mask,), int(rng.integers(2, 5)), int(rng.integers(2, 4)), float(image.mean())),
            ("tanh_masked_sum", (mask, 0.2), int(rng.integers(2, 5)), int(rng.integers(1, 3)), 0.0)]:
        model = function_input(name, *args)
        score = {"masked_sum": lambda x: float(np.sum(mask * x)),
                 "tanh_masked_sum": lambda x: float(np.tanh(0.2 * np.sum(mask * x)))}[name]
        expected = occlusion_reference(score, image, patch, stride, baseline)
        what = (f"occlusion_map of a {h}x{w} image for a model that looks only at rows {top}-{top + 2}, columns "
                f"{left}-{left + 2} ({name}), patch {patch}, stride {stride}, baseline {baseline:.3g}")
        expect.array(student.call("occlusion_map", model, image, patch, stride, baseline=baseline), expected, what, atol=1e-9)


def sine_map_series(rng, n):
    """A noisy sine map with a second lag, shifted and scaled (the generator the notebook describes):
    x[t+1] = a sin(pi min(max(x[t], 0), 1)) + c x[t-k] + noise, y = offset + scale * x, after a burn-in of
    200 steps (the clip keeps x on one attractor: without it, noise can throw x onto a second, larger one)."""
    a, c, k = float(rng.uniform(0.97, 1.0)), float(rng.uniform(-0.15, 0.1)), int(rng.integers(1, 4))
    noise, offset, scale = float(rng.uniform(0.02, 0.05)), float(rng.normal(0, 50)), float(rng.uniform(0.5, 20))
    x = np.empty(n + 200)
    x[:k + 1] = rng.uniform(0.2, 0.8, size=k + 1)
    shocks = rng.normal(0, noise, size=n + 200)
    for t in range(k, n + 199):
        x[t + 1] = a * np.sin(np.pi * min(max(x[t], 0.0), 1.0)) + c * x[t - k] + shocks[t + 1]
    return offset + scale * x[200:]


def windows(series, lookback):
    """Inputs [N, lookback] (the values before each target) and the targets [N]."""
    index = np.arange(lookback)[None, :] + np.arange(len(series) - lookback)[:, None]
    return series[index], series[lookback:]


def pipeline_reference(series, lookback, n_train, weights, epochs, lr, batch_size, leak=False, shifted=False,
                       relu_out=False):
    """Exercise 5's Keras forecasting pipeline in NumPy: (forecasts of series[n_train:], their MAE).

    Without flags, the correct pipeline; each flag puts one of the notebook's three bugs back (statistics of
    the whole series, windows that end on their target, a ReLU on the output), so that the judge can say how
    many a submission left. Dense(relu) -> Dense, mean squared error, plain SGD, batches in order.
    """
    series = np.asarray(series, dtype=np.float64)
    stats = series if leak else series[:n_train]
    mean, std = stats.mean(), stats.std()
    z = (series - mean) / std
    end = 1 if shifted else 0
    X = np.stack([z[t - lookback + end:t + end] for t in range(lookback, len(z))])
    y = z[lookback:]
    train = np.arange(lookback, len(z)) < n_train
    W1, b1, W2, b2 = (np.array(weights[key], dtype=np.float64) for key in ("W1", "b1", "W2", "b2"))

    def forward(x):
        a1 = x @ W1 + b1
        h = np.maximum(a1, 0.0)
        a2 = h @ W2 + b2
        return a1, h, a2, (np.maximum(a2, 0.0) if relu_out else a2)

    X_train, y_train = X[train], y[train]
    for _ in range(epochs):
        for start in range(0, len(y_train), batch_size):
            xb, yb = X_train[start:start + batch_size], y_train[start:start + batch_size]
            a1, h, a2, out = forward(xb)
            d = 2 * (out - yb[:, None]) / len(yb)
            if relu_out:
                d = d * (a2 > 0)
            da1 = (d @ W2.T) * (a1 > 0)
            W1, b1, W2, b2 = W1 - lr * (xb.T @ da1), b1 - lr * da1.sum(0), W2 - lr * (h.T @ d), b2 - lr * d.sum(0)
    forecasts = forward(X[~train])[3][:, 0] * std + mean
    return forecasts, float(np.mean(np.abs(forecasts - series[n_train:])))


# every combination of the three bugs, as keyword arguments of pipeline_reference
BUGS = [dict(zip(("leak", "shifted", "relu_out"), flags)) for flags in itertools.product([False, True], repeat=3)]


def pipeline_case(rng):
    """A series with a drift, the split, initial weights and the settings for question 7."""
    n = int(rng.integers(160, 320))
    series = sine_map_series(rng, n) + float(rng.uniform(-0.2, 0.2)) * np.arange(n)
    lookback, hidden = int(rng.integers(3, 9)), int(rng.integers(4, 13))
    n_train = int(rng.integers(int(0.6 * n), int(0.8 * n)))
    weights = {"W1": rng.normal(0, 1 / np.sqrt(lookback), size=(lookback, hidden)), "b1": rng.normal(0, 0.1, size=hidden),
               "W2": rng.normal(0, 1 / np.sqrt(hidden), size=(hidden, 1)), "b2": rng.normal(0, 0.1, size=1)}
    # learning rates that float32 holds exactly: Keras may keep its learning rate in float32
    settings = dict(epochs=int(rng.integers(2, 5)), lr=int(rng.integers(8, 41)) / 1024, batch_size=int(rng.integers(8, 33)))
    return series, lookback, n_train, weights, settings


@question("q7", numpy_only=False, time_limit=60)
def q7(student, rng):
    for _ in range(2):
        series, lookback, n_train, weights, settings = pipeline_case(rng)
        hidden = weights["W1"].shape[1]
        what = (f"forecast_fixed(series of {len(series)}, lookback={lookback}, n_train={n_train}, {hidden} hidden "
                f"units, epochs={settings['epochs']}, lr={settings['lr']:.6g}, batch_size={settings['batch_size']})")
        got = student.call("forecast_fixed", series, lookback, n_train, weights, settings["epochs"], settings["lr"],
                           settings["batch_size"])
        if not isinstance(got, tuple) or len(got) != 2:
            raise expect.Wrong(f"{what}: expected a tuple (forecasts, mae) as forecast_buggy returns, got {expect.describe(got)}")
        forecasts, mae = got
        expected, expected_mae = pipeline_reference(series, lookback, n_train, weights, **settings)
        rtol, atol = 1e-6, 1e-9 * float(np.abs(series).max())
        expect.array(forecasts, expected, f"forecasts of {what}", rtol=0, atol=np.inf)  # type, shape, dtype
        if not np.allclose(forecasts, expected, rtol=rtol, atol=atol):
            left = [sum(bugs.values()) for bugs in BUGS if any(bugs.values()) and np.allclose(
                forecasts, pipeline_reference(series, lookback, n_train, weights, **bugs, **settings)[0], rtol=rtol, atol=atol)]
            if left:  # a dead ReLU output can hide another bug: then say both counts
                count = str(min(left)) if min(left) == max(left) else f"{min(left)} or {max(left)}"
                raise expect.Wrong(f"{what}: these are the forecasts of the pipeline with {count} of its 3 bugs "
                                   f"still in it")
            expect.array(forecasts, expected, f"forecasts of {what} (a correct pipeline's, from the same weights)",
                         rtol=rtol, atol=atol)
        expect.scalar(mae, expected_mae, f"the MAE returned by {what} (in the series' units, over the test period)",
                      tol=1e-6 * max(1.0, expected_mae))


def _forecast_case(rng):
    """A series on which a linear AR model with the same lookback stays above AR_CEILING times the naive
    error, its lookback, and the two baselines' MAE relative to the naive forecast on the held-out part."""
    for _ in range(100):
        series = sine_map_series(rng, FORECAST_TRAIN + FORECAST_TEST)
        lookback = int(rng.integers(6, 11))
        ratios = baseline_ratios(series, lookback)
        if ratios["ar"] >= AR_CEILING:
            return series, lookback, ratios
    raise RuntimeError("no series without a good linear forecast in 100 draws")


def baseline_ratios(series, lookback, n_train=FORECAST_TRAIN):
    """MAE on series[n_train:] of the naive forecast, and of least-squares AR(lookback) with an intercept
    fitted on series[:n_train], each relative to the naive forecast's."""
    X, y = windows(series[:n_train], lookback)
    design = lambda X_: np.column_stack([np.ones(len(X_)), X_])  # noqa: E731
    coef = np.linalg.lstsq(design(X), y, rcond=None)[0]
    X_test, y_test = windows(series[n_train - lookback:], lookback)
    naive = float(np.mean(np.abs(X_test[:, -1] - y_test)))
    return {"naive": 1.0, "ar": float(np.mean(np.abs(design(X_test) @ coef - y_test))) / naive, "naive_mae": naive}


@question("q8", numpy_only=False, time_limit=120)
def q8(student, rng):
    series, lookback, ratios = _forecast_case(rng)
    train = series[:FORECAST_TRAIN]
    model = student.call("train_forecaster", train, lookback, seed=int(rng.integers(0, 1000)), keep=True)
    if not getattr(model, "callable", False):
        raise expect.Wrong(f"train_forecaster should return a function predict(windows), got {expect.describe(model)}")
    X_test, y_test = windows(series[FORECAST_TRAIN - lookback:], lookback)
    predicted = student.call(model, X_test)
    what = f"predict(windows) on the {len(y_test)} held-out steps (windows of {lookback} values)"
    if isinstance(predicted, np.ndarray) and predicted.dtype.kind == "f" and predicted.dtype != np.float64:
        predicted = predicted.astype(np.float64)   # float32 forecasts are fine
    expect.array(predicted, y_test, what, rtol=0, atol=np.inf)  # type, shape, finite values
    ratio = float(np.mean(np.abs(predicted - y_test))) / ratios["naive_mae"]
    if ratio > FORECAST_TARGET:
        raise expect.Wrong(f"{what}: mean absolute error {ratio:.3f} times the naive forecast's, above the target of "
                           f"{FORECAST_TARGET}; on this series a linear AR({lookback}) model fitted by least squares "
                           f"reaches {ratios['ar']:.3f}")


written("w1")
written("w2")
