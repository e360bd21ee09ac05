OK_FORMAT = True

test = {   'all_or_nothing': True,
    'name': 'q2',
    'points': 1,
    'suites': [   {   'cases': [   {   'code': '>>> from dlcourse.exercises.checks import check_scalar\n'
                                               ">>> check_scalar(accuracy(np.array([1, 2, 3, 4]), np.array([1, 2, 0, 4])), 0.75, 'accuracy([1, 2, 3, 4], [1, 2, 0, 4])')\n",
                                       'hidden': False,
                                       'locked': False}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}
