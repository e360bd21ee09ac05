OK_FORMAT = True

test = {   'all_or_nothing': True,
    'name': 'q4',
    'points': 1,
    'suites': [   {   'cases': [   {   'code': '>>> from dlcourse.exercises.checks import check_array\n'
                                               '>>> _r = np.random.default_rng(1)\n'
                                               '>>> _Ws = [_r.normal(size=(3, 4)), _r.normal(size=(4, 2)), _r.normal(size=(2, 5))]\n'
                                               '>>> _bs = [_r.normal(size=4), _r.normal(size=2), _r.normal(size=5)]\n'
                                               '>>> _x = _r.normal(size=(6, 3))\n'
                                               '>>> _W, _b = collapse_linear(_Ws, _bs)\n'
                                               ">>> check_array(_x @ _W + _b, ((_x @ _Ws[0] + _bs[0]) @ _Ws[1] + _bs[1]) @ _Ws[2] + _bs[2], 'x @ W + b against the stack of 3 layers')\n",
                                       'hidden': False,
                                       'locked': False}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}
