OK_FORMAT = True

test = {   'all_or_nothing': True,
    'name': 'q4',
    'points': 1,
    'suites': [   {   'cases': [   {   'code': '>>> from dlcourse.exercises.checks import check_scalar\n'
                                               '>>> _w, _b = fit_line_gd(np.array([0.0, 1.0]), np.array([1.0, 3.0]), 0.1, 1)\n'
                                               ">>> check_scalar(_w, 0.3, 'w after one step on the points (0, 1), (1, 3) with lr 0.1')\n"
                                               ">>> check_scalar(_b, 0.4, 'b after the same step')\n",
                                       'hidden': False,
                                       'locked': False}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}
