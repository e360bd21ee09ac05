OK_FORMAT = True

test = {   'all_or_nothing': True,
    'name': 'q1',
    'points': 1,
    'suites': [   {   'cases': [   {   'code': '>>> from dlcourse.exercises.checks import check_array\n'
                                               '>>> _z = np.linspace(-4, 4, 9)\n'
                                               '>>> _silu = lambda v: v / (1 + np.exp(-v))\n'
                                               ">>> check_array(silu_derivative(_z), (_silu(_z + 1e-06) - _silu(_z - 1e-06)) / 2e-06, 'silu_derivative(linspace(-4, 4, 9)) against a finite "
                                               "difference', atol=1e-06)\n",
                                       'hidden': False,
                                       'locked': False},
                                   {   'code': '>>> from dlcourse.exercises.checks import check_true\n'
                                               '>>> _big = silu_derivative(np.array([-800.0, 800.0]))\n'
                                               ">>> check_true(np.all(np.isfinite(_big)), f'silu_derivative([-800, 800]) must be finite, got {_big}')\n"
                                               ">>> check_true(silu_derivative(np.zeros((2, 3))).shape == (2, 3), 'silu_derivative must keep the shape of its input')\n",
                                       'hidden': False,
                                       'locked': False}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}
