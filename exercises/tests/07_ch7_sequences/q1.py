OK_FORMAT = True

test = {   'all_or_nothing': True,
    'name': 'q1',
    'points': 1,
    'suites': [   {   'cases': [   {   'code': '>>> from dlcourse.exercises.checks import check_array\n'
                                               '>>> _rng = np.random.default_rng(0)\n'
                                               '>>> _x, _h0 = (_rng.normal(size=(3, 2)), _rng.normal(size=4))\n'
                                               '>>> _W = (_rng.normal(size=(4, 2)), _rng.normal(size=(4, 4)) * 0.5, _rng.normal(size=4), _rng.normal(size=4))\n'
                                               ">>> check_array(state_jacobian(_x, _h0, *_W, 3), np.eye(4), 'dh_T/dh_T (t = T)')\n"
                                               '>>> def _last(h):\n'
                                               '...     for s in range(1, 3):\n'
                                               '...         h = np.tanh(_x[s] @ _W[0].T + _W[2] + h @ _W[1].T + _W[3])\n'
                                               '...     return h\n'
                                               '>>> _h1 = np.tanh(_x[0] @ _W[0].T + _W[2] + _h0 @ _W[1].T + _W[3])\n'
                                               '>>> _num = np.stack([(_last(_h1 + 1e-06 * e) - _last(_h1 - 1e-06 * e)) / 2e-06 for e in np.eye(4)], axis=1)\n'
                                               ">>> check_array(state_jacobian(_x, _h0, *_W, 1), _num, 'dh_3/dh_1 against central differences', rtol=1e-05, atol=1e-08)\n",
                                       'hidden': False,
                                       'locked': False}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}
