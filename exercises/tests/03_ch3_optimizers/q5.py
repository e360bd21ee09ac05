OK_FORMAT = True

test = {   'all_or_nothing': True,
    'name': 'q5',
    'points': 1,
    'suites': [   {   'cases': [   {   'code': '>>> from dlcourse.exercises.checks import check_true\n'
                                               ">>> check_true(w_hat is not Ellipsis and b_hat is not Ellipsis, 'w_hat and b_hat are still `...`')\n"
                                               ">>> check_true(np.isfinite(w_hat) and np.isfinite(b_hat), f'w_hat and b_hat must be finite numbers (is the learning rate too large?), got {w_hat!r}, "
                                               "{b_hat!r}')\n"
                                               ">>> check_true(abs(w_hat - 2) < 0.5 and abs(b_hat - 1) < 0.5, f'expected w_hat near 2 and b_hat near 1, got {w_hat:.3f} and {b_hat:.3f}: run more "
                                               "steps?')\n",
                                       'hidden': False,
                                       'locked': False}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}
