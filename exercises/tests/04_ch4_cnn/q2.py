OK_FORMAT = True

test = {   'all_or_nothing': True,
    'name': 'q2',
    'points': 1,
    'suites': [   {   'cases': [   {   'code': '>>> from dlcourse.exercises.checks import check_array\n'
                                               '>>> _x = np.arange(16.0).reshape(4, 4)\n'
                                               ">>> check_array(conv2d(_x, np.array([[1.0, 0.0], [0.0, -1.0]])), -5 * np.ones((3, 3)), 'conv2d(arange(16).reshape(4, 4), [[1, 0], [0, -1]])')\n",
                                       'hidden': False,
                                       'locked': False}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}
