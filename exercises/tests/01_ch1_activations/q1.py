OK_FORMAT = True

test = {   'all_or_nothing': True,
    'name': 'q1',
    'points': 1,
    'suites': [   {   'cases': [   {   'code': '>>> from dlcourse.exercises.checks import check_array\n'
                                               ">>> check_array(sigmoid_derivative(np.array([-2.0, 0.0, 3.0])), [0.104994, 0.25, 0.045177], 'sigmoid_derivative([-2, 0, 3])', atol=1e-06)\n",
                                       'hidden': False,
                                       'locked': False},
                                   {   'code': '>>> from dlcourse.exercises.checks import check_array\n'
                                               ">>> check_array(sigmoid_derivative(np.array([-800.0, 800.0])), [0.0, 0.0], 'sigmoid_derivative([-800, 800])', atol=1e-12)\n",
                                       'hidden': False,
                                       'locked': False}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}
