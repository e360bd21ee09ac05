OK_FORMAT = True

test = {   'all_or_nothing': True,
    'name': 'q5',
    'points': 1,
    'suites': [   {   'cases': [   {   'code': '>>> from dlcourse.exercises.checks import check_array, check_true\n'
                                               '>>> _r = np.random.default_rng(5)\n'
                                               '>>> _X, _y = (_r.normal(size=(4, 3)), _r.normal(size=(4, 2)))\n'
                                               ">>> _p = {'W1': _r.normal(size=(3, 5)), 'b1': _r.normal(size=5), 'W2': _r.normal(size=(5, 2)), 'b2': _r.normal(size=2)}\n"
                                               ">>> _g = two_layer_gradients(_X, _y, _p['W1'], _p['b1'], _p['W2'], _p['b2'])\n"
                                               ">>> check_true(isinstance(_g, dict) and set(_g) == {'W1', 'b1', 'W2', 'b2'}, f'expected a dict with keys W1, b1, W2, b2, got {_g!r:.200}')\n"
                                               '>>> def _loss(**q):\n'
                                               '...     _v = {**_p, **q}\n'
                                               "...     return float(np.mean((np.maximum(_X @ _v['W1'] + _v['b1'], 0) @ _v['W2'] + _v['b2'] - _y) ** 2))\n"
                                               ">>> for _k in ['W2', 'b2']:\n"
                                               '...     _num = np.zeros_like(_p[_k])\n'
                                               '...     for _i in np.ndindex(_p[_k].shape):\n'
                                               '...         _e = np.zeros_like(_p[_k])\n'
                                               '...         _e[_i] = 1e-06\n'
                                               '...         _num[_i] = (_loss(**{_k: _p[_k] + _e}) - _loss(**{_k: _p[_k] - _e})) / 2e-06\n'
                                               "...     check_array(_g[_k], _num, f'd loss / d {_k} compared with a numerical gradient', atol=1e-06)\n",
                                       'hidden': False,
                                       'locked': False}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}
