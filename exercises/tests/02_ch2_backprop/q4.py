OK_FORMAT = True

test = {   'all_or_nothing': True,
    'name': 'q4',
    'points': 1,
    'suites': [   {   'cases': [   {   'code': '>>> from dlcourse.exercises.checks import check_array\n'
                                               '>>> _x = np.array([1.0, -2.0, 3.0])\n'
                                               ">>> check_array(numerical_gradient(lambda v: float(np.sum(v ** 2)), _x), [2.0, -4.0, 6.0], 'numerical_gradient of sum(x**2) at [1, -2, 3]', "
                                               'atol=1e-06)\n'
                                               ">>> check_array(_x, [1.0, -2.0, 3.0], 'x after numerical_gradient (it must be left unchanged)')\n",
                                       'hidden': False,
                                       'locked': False}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}
