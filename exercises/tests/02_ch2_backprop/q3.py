OK_FORMAT = True

test = {   'all_or_nothing': True,
    'name': 'q3',
    'points': 1,
    'suites': [   {   'cases': [   {   'code': '>>> from dlcourse.exercises.checks import check_array\n'
                                               ">>> check_array(relu_backward(np.array([[1.0, 2.0, 3.0]]), np.array([[-1.0, 0.0, 4.0]])), [[0.0, 0.0, 3.0]], 'relu_backward(dA=[1, 2, 3], Z=[-1, 0, "
                                               "4])')\n",
                                       'hidden': False,
                                       'locked': False}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}
