OK_FORMAT = True

test = {   'all_or_nothing': True,
    'name': 'q2',
    'points': 1,
    'suites': [   {   'cases': [   {   'code': '>>> from dlcourse.exercises.checks import check_array, check_true\n'
                                               '>>> _z, _y = (np.array([[0.5, -1.0, 2.0], [0.0, 0.3, 0.1]]), np.array([2, 0]))\n'
                                               '>>> def _loss(v):\n'
                                               '...     m = v.max(axis=1, keepdims=True)\n'
                                               '...     return float(np.mean(m[:, 0] + np.log(np.exp(v - m).sum(axis=1)) - v[np.arange(2), _y]))\n'
                                               '>>> _num = np.zeros_like(_z)\n'
                                               '>>> for _i in np.ndindex(_z.shape):\n'
                                               '...     _e = np.zeros_like(_z)\n'
                                               '...     _e[_i] = 1e-06\n'
                                               '...     _num[_i] = (_loss(_z + _e) - _loss(_z - _e)) / 2e-06\n'
                                               ">>> check_array(softmax_cross_entropy_backward(_z, _y), _num, 'softmax_cross_entropy_backward against a finite difference', atol=1e-06)\n"
                                               ">>> check_true(np.all(np.isfinite(softmax_cross_entropy_backward(_z * 1000, _y))), 'softmax_cross_entropy_backward(1000 * z, y) must be finite')\n",
                                       'hidden': False,
                                       'locked': False}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}
