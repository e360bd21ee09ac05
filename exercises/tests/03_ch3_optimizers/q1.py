OK_FORMAT = True

test = {   'all_or_nothing': True,
    'name': 'q1',
    'points': 1,
    'suites': [   {   'cases': [   {   'code': '>>> from dlcourse.exercises.checks import check_scalar\n'
                                               ">>> check_scalar(mse_loss(np.array([1.0, 2.0, 3.0]), np.array([1.0, 0.0, 4.0])), 5 / 3, 'mse_loss([1, 2, 3], [1, 0, 4])')\n",
                                       'hidden': False,
                                       'locked': False}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}
