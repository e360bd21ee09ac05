OK_FORMAT = True

test = {   'all_or_nothing': True,
    'name': 'q5',
    'points': 1,
    'suites': [   {   'cases': [   {   'code': '>>> from dlcourse.exercises.checks import check_true\n'
                                               '>>> _x = np.linspace(-1, 1, 21)\n'
                                               '>>> _y = 3 * _x - 1\n'
                                               '>>> _lr = largest_stable_lr(_x)\n'
                                               ">>> check_true(isinstance(_lr, float) and _lr > 0, f'largest_stable_lr should return a positive float, got {_lr!r}')\n"
                                               '>>> _below, _above = (fit_line_gd(_x, _y, 0.95 * _lr, 400), fit_line_gd(_x, _y, 1.05 * _lr, 400))\n'
                                               ">>> check_true(abs(_below[0] - 3) < 0.001 and abs(_below[1] + 1) < 0.001, f'just below your threshold gradient descent should converge, got "
                                               "{_below}')\n"
                                               ">>> check_true(max(abs(_above[0]), abs(_above[1])) > 100, f'just above your threshold gradient descent should diverge, got {_above}')\n",
                                       'hidden': False,
                                       'locked': False}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}
