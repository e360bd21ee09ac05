OK_FORMAT = True

test = {   'all_or_nothing': True,
    'name': 'q5',
    'points': 1,
    'suites': [   {   'cases': [   {   'code': '>>> from dlcourse.exercises.checks import check_array\n'
                                               '>>> _sx = np.array([[0.0, 1.0], [0.0, 3.0], [4.0, 0.0]])\n'
                                               ">>> check_array(prototype_classify(_sx, np.array([9, 9, 2]), np.array([[0.5, 2.0], [3.0, 1.0]])), [9, 2], 'prototype_classify with labels [9, 9, 2]', "
                                               "kind='i')\n",
                                       'hidden': False,
                                       'locked': False}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}
