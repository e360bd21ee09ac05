OK_FORMAT = True

test = {   'all_or_nothing': True,
    'name': 'q2',
    'points': 1,
    'suites': [   {   'cases': [   {   'code': '>>> from dlcourse.exercises.checks import check_array, check_true\n'
                                               '>>> _grads = dense_backward(np.ones((2, 3)), np.array([[1.0, 2.0], [3.0, 4.0]]), np.array([[1.0, 0.0, -1.0], [0.5, 2.0, 1.0]]))\n'
                                               ">>> check_true(isinstance(_grads, tuple) and len(_grads) == 3, f'dense_backward should return a tuple (dX, dW, db), got {type(_grads).__name__}')\n"
                                               ">>> check_array(_grads[0], [[0.0, 3.5], [0.0, 3.5]], 'dX for dY = ones')\n"
                                               ">>> check_array(_grads[1], [[4.0, 4.0, 4.0], [6.0, 6.0, 6.0]], 'dW for dY = ones')\n"
                                               ">>> check_array(_grads[2], [2.0, 2.0, 2.0], 'db for dY = ones')\n",
                                       'hidden': False,
                                       'locked': False}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}
