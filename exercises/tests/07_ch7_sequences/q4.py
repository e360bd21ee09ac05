OK_FORMAT = True

test = {   'all_or_nothing': True,
    'name': 'q4',
    'points': 1,
    'suites': [   {   'cases': [   {   'code': '>>> from dlcourse.exercises.checks import check_array\n'
                                               '>>> def _positions(n, d, base=10000.0):\n'
                                               '...     angle = np.arange(n)[:, None] * base ** (-2 * np.arange(d // 2)[None, :] / d)\n'
                                               '...     P = np.zeros((n, d))\n'
                                               '...     P[:, 0::2], P[:, 1::2] = (np.sin(angle), np.cos(angle))\n'
                                               '...     return P\n'
                                               ">>> check_array(pe_shift_matrix(0, 6), np.eye(6), 'the shift by 0')\n"
                                               '>>> _P = _positions(20, 8)\n'
                                               ">>> check_array(_P[:17] @ pe_shift_matrix(3, 8), _P[3:], 'P_p @ M against P_(p+3), d = 8', atol=1e-10)\n",
                                       'hidden': False,
                                       'locked': False}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}
