OK_FORMAT = True

test = {   'all_or_nothing': True,
    'name': 'q5',
    'points': 1,
    'suites': [   {   'cases': [   {   'code': '>>> from dlcourse.exercises.checks import check_true\n'
                                               '>>> _x = np.linspace(-1, 1, 21)\n'
                                               '>>> _y = 3 * _x - 1\n'
                                               '>>> def _run(lr, momentum, steps=1500):\n'
                                               '...     theta, buf = (np.zeros(2), np.zeros(2))\n'
                                               '...     for _ in range(steps):\n'
                                               '...         e = theta[0] * _x + theta[1] - _y\n'
                                               '...         theta, buf = sgd_step(theta, np.array([2 * np.mean(e * _x), 2 * np.mean(e)]), buf, lr, momentum=momentum)\n'
                                               '...     return theta\n'
                                               '>>> for _m in (0.0, 0.5):\n'
                                               '...     _lr = largest_stable_lr(_x, momentum=_m)\n'
                                               "...     check_true(isinstance(_lr, float) and _lr > 0, f'largest_stable_lr should return a positive float, got {_lr!r}')\n"
                                               '...     _below, _above = (_run(0.95 * _lr, _m), _run(1.05 * _lr, _m))\n'
                                               "...     check_true(np.allclose(_below, [3, -1], atol=0.001), f'momentum {_m}: just below your threshold (sgd_step of question 2) should converge to w "
                                               "= 3, b = -1, got {_below}')\n"
                                               "...     check_true(not np.all(np.abs(_above) < 100), f'momentum {_m}: just above your threshold gradient descent should diverge, got {_above}')\n",
                                       'hidden': False,
                                       'locked': False}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}
