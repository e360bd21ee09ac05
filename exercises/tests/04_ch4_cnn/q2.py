OK_FORMAT = True

test = {   'all_or_nothing': True,
    'name': 'q2',
    'points': 1,
    'suites': [   {   'cases': [   {   'code': '>>> from dlcourse.exercises.checks import check_array\n'
                                               '>>> _x = np.array([[[1.0, 5.0, 2.0, 0.0], [3.0, 4.0, 8.0, 1.0]]])\n'
                                               '>>> check_array(max_pool2d_backward(np.array([[[10.0, 20.0]]]), _x, size=2, stride=2), [[[0.0, 10.0, 0.0, 0.0], [0.0, 0.0, 20.0, 0.0]]], '
                                               "'max_pool2d_backward of a 1x2x4 input, size 2, stride 2')\n",
                                       'hidden': False,
                                       'locked': False}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}
