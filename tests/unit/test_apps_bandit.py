import numpy as np

from dlcourse.apps import bandit


def test_epsilon_greedy_finds_the_best_arm():
    probs = np.array([0.1, 0.3, 0.8, 0.2])
    run = bandit.run_epsilon_greedy(probs, 2000, epsilon=0.1, seed=0)
    assert run["counts"].argmax() == 2
    assert abs(run["values"][2] - 0.8) < 0.05
    assert run["counts"].sum() == 2000 and len(run["rewards"]) == 2000


def test_value_estimates_are_running_means():
    run = bandit.run_epsilon_greedy([0.5, 0.5], 300, epsilon=0.5, seed=1)
    for arm in range(2):
        assert np.isclose(run["values"][arm], run["rewards"][run["arms"] == arm].mean())


def test_greedy_without_exploration_sticks_to_first_paying_arm():
    run = bandit.run_epsilon_greedy([0.3, 0.9], 500, epsilon=0.0, seed=0)
    assert run["counts"][0] == 500
