OK_FORMAT = True

test = {   'all_or_nothing': True,
    'name': 'q1',
    'points': 1,
    'suites': [   {   'cases': [   {   'code': '>>> from dlcourse.exercises.checks import check_true\n'
                                               '>>> _dX, _dW, _db = linear_backward(np.ones((2, 3, 4)), np.ones((2, 3, 5)), np.ones((4, 5)))\n'
                                               ">>> check_true((_dX.shape, _dW.shape, _db.shape) == ((2, 3, 5), (4, 5), (4,)), f'for X [2, 3, 5] and W [4, 5] the shapes should be (2, 3, 5), (4, 5), "
                                               "(4,), got {_dX.shape}, {_dW.shape}, {_db.shape}')\n",
                                       'hidden': False,
                                       'locked': False}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}
