OK_FORMAT = True

test = {   'all_or_nothing': True,
    'name': 'q10',
    'points': 1,
    'suites': [   {   'cases': [   {   'code': '>>> from dlcourse.exercises.checks import check_array, check_true\n'
                                               '>>> _rng = np.random.default_rng(3)\n'
                                               '>>> _x, _W1, _b1, _dy = (_rng.normal(size=(2, 3)), _rng.normal(size=(4, 3)), _rng.normal(size=4), _rng.normal(size=(2, 3)))\n'
                                               '>>> _out = residual_backward(_x, _W1, _b1, np.zeros((3, 4)), np.zeros(3), _dy)\n'
                                               ">>> check_true(isinstance(_out, tuple) and len(_out) == 5, 'residual_backward should return a tuple of 5 arrays')\n"
                                               ">>> check_array(_out[0], _dy, 'dx when W2 = 0: only the identity path is left')\n"
                                               ">>> check_array(_out[4], _dy.sum(0), 'db2')\n",
                                       'hidden': False,
                                       'locked': False}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}
