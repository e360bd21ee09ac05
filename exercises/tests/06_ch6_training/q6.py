OK_FORMAT = True

test = {   'all_or_nothing': True,
    'name': 'q6',
    'points': 1,
    'suites': [   {   'cases': [   {   'code': '>>> from dlcourse.exercises.checks import check_array, check_true\n'
                                               '>>> _rng = np.random.default_rng(2)\n'
                                               '>>> _X = _rng.normal(3, 2, size=(4, 2, 3, 3))\n'
                                               '>>> _out = batchnorm2d_train(_X, np.array([2.0, 0.5]), np.array([1.0, -1.0]), np.zeros(2), np.ones(2), np.zeros_like(_X))\n'
                                               ">>> check_true(isinstance(_out, tuple) and len(_out) == 6, 'batchnorm2d_train should return a tuple of 6 arrays')\n"
                                               ">>> check_array(_out[0].mean(axis=(0, 2, 3)), [1.0, -1.0], 'the per-channel mean of Y (beta)', atol=1e-10)\n"
                                               ">>> check_array(_out[0].std(axis=(0, 2, 3)), [2.0, 0.5], 'the per-channel standard deviation of Y (|gamma|, up to eps)', rtol=0.0001)\n"
                                               ">>> check_array(_out[4], 0.1 * _X.mean(axis=(0, 2, 3)), 'the new running mean (momentum 0.1, from 0)')\n"
                                               ">>> check_array(_out[1], np.zeros_like(_X), 'dX when dY is zero', atol=1e-12)\n",
                                       'hidden': False,
                                       'locked': False}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}
