OK_FORMAT = True

test = {   'all_or_nothing': True,
    'name': 'q4',
    'points': 1,
    'suites': [   {   'cases': [   {   'code': '>>> from dlcourse.exercises.checks import check_array\n'
                                               '>>> _r = np.random.default_rng(1)\n'
                                               ">>> _layers = [('dense', _r.normal(size=(3, 4)), _r.normal(size=4)), ('batchnorm', _r.normal(size=4), _r.uniform(0.5, 2, size=4), _r.normal(size=4), "
                                               "_r.normal(size=4), 1e-05), ('dense', _r.normal(size=(4, 2)), _r.normal(size=2))]\n"
                                               '>>> _x = _r.normal(size=(6, 3))\n'
                                               '>>> _h = _x @ _layers[0][1] + _layers[0][2]\n'
                                               '>>> _h = (_h - _layers[1][1]) / np.sqrt(_layers[1][2] + 1e-05) * _layers[1][3] + _layers[1][4]\n'
                                               '>>> _W, _b = collapse_linear(_layers)\n'
                                               ">>> check_array(_x @ _W + _b, _h @ _layers[2][1] + _layers[2][2], 'x @ W + b against dense, batchnorm, dense applied in turn')\n",
                                       'hidden': False,
                                       'locked': False}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}
