OK_FORMAT = True

test = {   'all_or_nothing': True,
    'name': 'q3',
    'points': 1,
    'suites': [   {   'cases': [   {   'code': '>>> from dlcourse.exercises.checks import check_array, check_true\n'
                                               ">>> check_array(preactivation_variances(1.5, 'linear', 0.5, 3), [1.5, 0.75, 0.375, 0.1875], 'linear layers with weight_var 0.5')\n"
                                               ">>> _q = preactivation_variances(0.7, 'tanh', 1.0, 4)\n"
                                               ">>> check_true(_q.shape == (5,) and np.all(np.diff(_q) < 0), f'tanh with weight_var 1: the variance should shrink at every layer, got {_q}')\n"
                                               '>>> _z = np.random.default_rng(0).normal(0, np.sqrt(0.7), 400000)\n'
                                               ">>> check_array(_q[1], np.mean(np.tanh(_z) ** 2), 'q_1 for tanh against a Monte-Carlo estimate (loose tolerance)', rtol=0.01)\n",
                                       'hidden': False,
                                       'locked': False}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}
