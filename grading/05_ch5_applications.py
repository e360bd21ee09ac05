"""Judge's questions for exercises/05_ch5_applications.ipynb (instructor only: never give this to students).

NumPy only: the sandbox that answers has no PyTorch and none of the course's modules (dlcourse.apps
implements the chapter's versions). Series, ratings, arms, weights, episodes, images and the regions a
model looks at are drawn here at grading time.
"""
import numpy as np

from dlcourse.exercises import expect
from dlcourse.exercises.protocol import function_input
from dlcourse.exercises.questions import question, written

NUMPY_ONLY = True
ANSWERS = ["seasonal_naive_forecast", "ar_forecast", "mf_loss_and_gradients", "epsilon_greedy", "pseudo_regret",
           "compare_epsilons", "quantize_int8", "dequantize_int8", "output_error_bound", "prototype_classify",
           "occlusion_map"]


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


written("w1")
written("w2")
