OK_FORMAT = True

test = {   'all_or_nothing': True,
    'name': 'q3',
    'points': 1,
    'suites': [   {   'cases': [   {   'code': '>>> from dlcourse.exercises.checks import check_array\n'
                                               '>>> _A = np.array([[1.0, 2.0], [0.0, -1.0], [3.0, 0.5]])\n'
                                               '>>> _x = np.array([0.3, -0.2])\n'
                                               ">>> check_array(numerical_jacobian(lambda v: _A @ v, _x), _A, 'numerical_jacobian of x -> A @ x (a 3x2 matrix)', atol=1e-06)\n"
                                               ">>> check_array(_x, [0.3, -0.2], 'x after numerical_jacobian (it must be left unchanged)')\n",
                                       'hidden': False,
                                       'locked': False}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}
