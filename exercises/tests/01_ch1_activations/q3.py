OK_FORMAT = True

test = {   'all_or_nothing': True,
    'name': 'q3',
    'points': 1,
    'suites': [   {   'cases': [   {   'code': '>>> from dlcourse.exercises.checks import check_array\n'
                                               ">>> check_array(tanh_derivative(np.array([0.0, 1.0, -2.0])), [1.0, 0.419974, 0.070651], 'tanh_derivative([0, 1, -2])', atol=1e-06)\n",
                                       'hidden': False,
                                       'locked': False}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}
