OK_FORMAT = True

test = {   'all_or_nothing': True,
    'name': 'q1',
    'points': 1,
    'suites': [   {   'cases': [   {   'code': '>>> from dlcourse.exercises.checks import check_array\n'
                                               '>>> _x = np.arange(2 * 4 * 4, dtype=float).reshape(2, 4, 4)\n'
                                               '>>> _w = np.zeros((1, 2, 1, 1))\n'
                                               '>>> _w[0, 1] = 1.0\n'
                                               ">>> check_array(conv2d(_x, _w, np.array([0.5])), _x[1:2] + 0.5, 'a 1x1 filter that picks channel 1, plus a bias of 0.5')\n"
                                               ">>> check_array(conv2d(np.ones((1, 3, 3)), np.ones((1, 1, 3, 3)), np.zeros(1), padding=1)[0, 0], [4.0, 6.0, 4.0], 'the first row of a 3x3 box filter "
                                               "over ones, padding 1')\n",
                                       'hidden': False,
                                       'locked': False}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}
