OK_FORMAT = True

test = {   'all_or_nothing': True,
    'name': 'q1',
    'points': 1,
    'suites': [   {   'cases': [   {   'code': '>>> from dlcourse.exercises.checks import check_array\n'
                                               '>>> check_array(dense_forward(np.array([[1.0, 2.0]]), np.array([[1.0, 0.0, -1.0], [0.5, 2.0, 1.0]]), np.array([0.0, 1.0, 0.0])), [[2.0, 5.0, 1.0]], '
                                               "'dense_forward for one example')\n",
                                       'hidden': False,
                                       'locked': False}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}
