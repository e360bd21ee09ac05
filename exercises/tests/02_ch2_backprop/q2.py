OK_FORMAT = True

test = {   'all_or_nothing': True,
    'name': 'q2',
    'points': 1,
    'suites': [   {   'cases': [   {   'code': '>>> from dlcourse.exercises.checks import check_array, check_true\n'
                                               '>>> _z, _y = (np.array([[0.5, -1.0, 2.0], [0.0, 0.3, -0.1]]), np.array([[1.0, 0.0, 1.0], [0.0, 1.0, 0.25]]))\n'
                                               '>>> def _loss(v):\n'
                                               '...     log_s, log_1ms = (-np.logaddexp(0, -v), -np.logaddexp(0, v))\n'
                                               '...     return float(np.mean(-(3.0 * _y * log_s + (1 - _y) * log_1ms)))\n'
                                               '>>> _num = np.zeros_like(_z)\n'
                                               '>>> for _i in np.ndindex(_z.shape):\n'
                                               '...     _e = np.zeros_like(_z)\n'
                                               '...     _e[_i] = 1e-06\n'
                                               '...     _num[_i] = (_loss(_z + _e) - _loss(_z - _e)) / 2e-06\n'
                                               ">>> check_array(weighted_bce_backward(_z, _y, 3.0), _num, 'weighted_bce_backward(z, y, pos_weight=3) against a finite difference', atol=1e-06)\n"
                                               ">>> check_true(np.all(np.isfinite(weighted_bce_backward(_z * 1000, _y, 3.0))), 'weighted_bce_backward(1000 * z, y, 3) must be finite')\n",
                                       'hidden': False,
                                       'locked': False}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}
