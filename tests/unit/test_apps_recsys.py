import numpy as np

from dlcourse.apps import recsys


def test_gradient_matches_finite_differences():
    ratings, mask = recsys.generated_ratings(n_users=12, n_items=9, density=0.5, seed=1)
    model, _ = recsys.fit(ratings, mask, rank=2, steps=3, seed=0)
    _, grads = recsys.loss_and_grads(model, ratings, mask, l2=0.01)
    eps = 1e-6
    for name, index in (("P", (3, 1)), ("Q", (4, 0)), ("user_bias", (2,)), ("item_bias", (5,))):
        array = getattr(model, name)
        array[index] += eps
        up, _ = recsys.loss_and_grads(model, ratings, mask, l2=0.01)
        array[index] -= 2 * eps
        down, _ = recsys.loss_and_grads(model, ratings, mask, l2=0.01)
        array[index] += eps
        assert abs((up - down) / (2 * eps) - grads[name][index]) < 1e-6


def test_fit_recovers_low_rank_structure_on_held_out_ratings():
    ratings, observed = recsys.generated_ratings(n_users=100, n_items=60, rank=2, density=0.4, noise=0.1, seed=0)
    test = observed & (np.random.default_rng(1).random(observed.shape) < 0.2)
    train = observed & ~test
    model, history = recsys.fit(ratings, train, rank=2, steps=400, l2=1e-4)
    assert history[-1] < 0.2 * history[0]
    mean_rmse = float(np.sqrt(np.mean((ratings[train].mean() - ratings[test]) ** 2)))
    assert recsys.rmse(model, ratings, test) < 0.5 * mean_rmse
