OK_FORMAT = True

test = {   'all_or_nothing': True,
    'name': 'q2',
    'points': 1,
    'suites': [   {   'cases': [   {   'code': '>>> from dlcourse.exercises.checks import check_array, check_true\n'
                                               '>>> _f, _d = softplus_and_derivative(np.array([-2.0, 0.0, 3.0]))\n'
                                               ">>> check_array(_f, np.log1p(np.exp([-2.0, 0.0, 3.0])), 'softplus([-2, 0, 3])')\n"
                                               '>>> _big_f, _big_d = softplus_and_derivative(np.array([-1000.0, 1000.0]))\n'
                                               ">>> check_true(np.all(np.isfinite(_big_f)) and np.all(np.isfinite(_big_d)), f'softplus_and_derivative([-1000, 1000]) must be finite, got {_big_f}, "
                                               "{_big_d}')\n"
                                               ">>> check_true(_big_f[0] >= 0 and abs(_big_f[1] - 1000.0) < 1e-06, f'softplus(1000) is 1000 to within 1e-6 and softplus(-1000) is a tiny positive "
                                               "number, got {_big_f}')\n",
                                       'hidden': False,
                                       'locked': False}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}
