OK_FORMAT = True

test = {   'all_or_nothing': True,
    'name': 'q7',
    'points': 1,
    'suites': [   {   'cases': [   {   'code': '>>> from dlcourse.exercises.checks import check_array\n'
                                               '>>> _x = np.arange(8.0).reshape(1, 2, 2, 2)\n'
                                               '>>> _y, _dx = dropout2d(_x, np.ones_like(_x), 0.5, np.array([[True, False]]))\n'
                                               ">>> check_array(_y, [[[[0.0, 2.0], [4.0, 6.0]], [[0.0, 0.0], [0.0, 0.0]]]], 'y with channel 0 kept and channel 1 dropped, p = 0.5')\n"
                                               ">>> check_array(dropout2d(_x, _x, 1.0, np.zeros((1, 2), bool))[0], np.zeros_like(_x), 'y for p = 1')\n",
                                       'hidden': False,
                                       'locked': False}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}
