OK_FORMAT = True

test = {   'all_or_nothing': True,
    'name': 'q3',
    'points': 1,
    'suites': [   {   'cases': [   {   'code': '>>> from dlcourse.exercises.checks import check_array\n'
                                               '>>> _rng = np.random.default_rng(1)\n'
                                               '>>> _Q, _K, _V, _dO = (_rng.normal(size=(3, 2)), _rng.normal(size=(3, 2)), _rng.normal(size=(3, 2)), _rng.normal(size=(3, 2)))\n'
                                               '>>> _mask = np.tril(np.ones((3, 3), bool))\n'
                                               '>>> def _loss(Q, K, V):\n'
                                               '...     S = np.where(_mask, Q @ K.T / np.sqrt(2), -np.inf)\n'
                                               '...     P = np.exp(S - S.max(-1, keepdims=True))\n'
                                               '...     P /= P.sum(-1, keepdims=True)\n'
                                               '...     return np.sum(P @ V * _dO)\n'
                                               '>>> _grads = attention_backward(_Q, _K, _V, _dO, _mask)\n'
                                               ">>> for _i, _name in enumerate(['dQ', 'dK', 'dV']):\n"
                                               '...     _args, _num = ([_Q, _K, _V], np.zeros((3, 2)))\n'
                                               '...     for _j in np.ndindex(3, 2):\n'
                                               '...         _e = np.zeros((3, 2))\n'
                                               '...         _e[_j] = 1e-06\n'
                                               '...         _num[_j] = (_loss(*[a + _e if k == _i else a for k, a in enumerate(_args)]) - _loss(*[a - _e if k == _i else a for k, a in '
                                               'enumerate(_args)])) / 2e-06\n'
                                               "...     check_array(_grads[_i], _num, f'{_name} with a causal mask against central differences', rtol=1e-05, atol=1e-08)\n",
                                       'hidden': False,
                                       'locked': False}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}
