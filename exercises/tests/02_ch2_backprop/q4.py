OK_FORMAT = True

test = {   'all_or_nothing': True,
    'name': 'q4',
    'points': 1,
    'suites': [   {   'cases': [   {   'code': '>>> from dlcourse.exercises.checks import check_true\n'
                                               '>>> _r = np.random.default_rng(2)\n'
                                               '>>> _Ws, _bs = ([_r.normal(size=(3, 4)), _r.normal(size=(4, 2))], [_r.normal(size=4), _r.normal(size=2)])\n'
                                               '>>> _g = mlp_gradients(_r.normal(size=(5, 3)), _r.integers(0, 2, size=5), _Ws, _bs)\n'
                                               ">>> check_true(isinstance(_g, tuple) and len(_g) == 2 and (len(_g[0]) == 2) and (len(_g[1]) == 2), 'mlp_gradients should return a tuple of two lists, "
                                               "one entry per layer')\n"
                                               ">>> check_true([w.shape for w in _g[0]] == [(3, 4), (4, 2)] and [b.shape for b in _g[1]] == [(4,), (2,)], 'each gradient has the shape of its "
                                               "parameter')\n",
                                       'hidden': False,
                                       'locked': False}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}
