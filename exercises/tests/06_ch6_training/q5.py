OK_FORMAT = True

test = {   'all_or_nothing': True,
    'name': 'q5',
    'points': 1,
    'suites': [   {   'cases': [   {   'code': '>>> from dlcourse.exercises.checks import check_array\n'
                                               '>>> _rng = np.random.default_rng(1)\n'
                                               '>>> _X, _gamma, _dY = (_rng.normal(size=(2, 3)), _rng.normal(size=3), _rng.normal(size=(2, 3)))\n'
                                               '>>> _f = lambda X, g: np.sum(_dY * g * X / np.sqrt(np.mean(X * X, axis=-1, keepdims=True) + 1e-05))\n'
                                               '>>> _dX, _dg = rmsnorm_backward(_dY, _X, _gamma, 1e-05)\n'
                                               '>>> _num = np.zeros_like(_X)\n'
                                               '>>> for _i in np.ndindex(_X.shape):\n'
                                               '...     _e = np.zeros_like(_X)\n'
                                               '...     _e[_i] = 1e-06\n'
                                               '...     _num[_i] = (_f(_X + _e, _gamma) - _f(_X - _e, _gamma)) / 2e-06\n'
                                               ">>> check_array(_dX, _num, 'dX against central differences', rtol=1e-05, atol=1e-07)\n"
                                               ">>> check_array(_dg, [(_f(_X, _gamma + 1e-06 * _e3) - _f(_X, _gamma - 1e-06 * _e3)) / 2e-06 for _e3 in np.eye(3)], 'dgamma against central "
                                               "differences', rtol=1e-05, atol=1e-07)\n",
                                       'hidden': False,
                                       'locked': False}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}
