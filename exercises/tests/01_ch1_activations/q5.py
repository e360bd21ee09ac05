OK_FORMAT = True

test = {   'all_or_nothing': True,
    'name': 'q5',
    'points': 1,
    'suites': [   {   'cases': [   {   'code': '>>> from dlcourse.exercises.checks import check_array\n'
                                               '>>> _W, _b = collapse_linear(np.eye(2), np.array([1.0, 0.0]), np.array([[2.0], [3.0]]), np.array([0.5]))\n'
                                               ">>> check_array(_W, [[2.0], [3.0]], 'W for W1 = I, b1 = [1, 0], W2 = [[2], [3]], b2 = [0.5]')\n"
                                               ">>> check_array(_b, [2.5], 'b for the same layers')\n",
                                       'hidden': False,
                                       'locked': False}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}
