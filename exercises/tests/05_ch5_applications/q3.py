OK_FORMAT = True

test = {   'all_or_nothing': True,
    'name': 'q3',
    'points': 1,
    'suites': [   {   'cases': [   {   'code': '>>> from dlcourse.exercises.checks import check_array, check_true\n'
                                               ">>> check_array(pseudo_regret(np.array([0.2, 0.7]), np.array([0, 1, 0])), [0.5, 0.5, 1.0], 'pseudo_regret([0.2, 0.7], arms [0, 1, 0])')\n"
                                               '>>> _arms = epsilon_greedy(np.array([0.2, 0.5, 0.8]), 0.1, 500, seed=0)\n'
                                               ">>> check_true(isinstance(_arms, np.ndarray) and _arms.shape == (500,) and (_arms.dtype.kind in 'iu'), 'epsilon_greedy should return an integer array "
                                               "with one arm per step')\n"
                                               ">>> check_true(np.array_equal(_arms, epsilon_greedy(np.array([0.2, 0.5, 0.8]), 0.1, 500, seed=0)), 'the same seed must give the same pulls')\n"
                                               ">>> check_true(compare_epsilons(np.array([0.2, 0.8]), [0.0, 0.1], 50, [0, 1, 2]).shape == (2, 2), 'compare_epsilons returns one [mean, std] row per "
                                               "epsilon')\n",
                                       'hidden': False,
                                       'locked': False}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}
