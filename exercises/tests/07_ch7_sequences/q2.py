OK_FORMAT = True

test = {   'all_or_nothing': True,
    'name': 'q2',
    'points': 1,
    'suites': [   {   'cases': [   {   'code': '>>> from dlcourse.exercises.checks import check_array\n'
                                               '>>> _h0 = np.array([[1.0, -2.0]])\n'
                                               '>>> _hs = gru_forward(np.ones((3, 1, 4)), _h0, np.zeros((6, 4)), np.zeros((6, 2)), np.zeros(6), np.zeros(6))\n'
                                               ">>> check_array(_hs, [0.5 * _h0, 0.25 * _h0, 0.125 * _h0], 'all weights zero: both gates are 1/2 and the candidate is 0')\n",
                                       'hidden': False,
                                       'locked': False}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}
