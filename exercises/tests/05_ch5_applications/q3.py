OK_FORMAT = True

test = {   'all_or_nothing': True,
    'name': 'q3',
    'points': 1,
    'suites': [   {   'cases': [   {   'code': '>>> from dlcourse.exercises.checks import check_array\n'
                                               ">>> check_array(confusion_matrix(np.array([0, 0, 1, 2]), np.array([0, 1, 1, 2]), 3), [[1, 1, 0], [0, 1, 0], [0, 0, 1]], 'confusion_matrix([0, 0, 1, "
                                               "2], [0, 1, 1, 2], 3)', kind='i')\n",
                                       'hidden': False,
                                       'locked': False}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}
