OK_FORMAT = True

test = {   'all_or_nothing': True,
    'name': 'q2',
    'points': 1,
    'suites': [   {   'cases': [   {   'code': '>>> from dlcourse.exercises.checks import check_array\n'
                                               '>>> _w, _buf = sgd_step(np.array([1.0, -2.0]), np.array([0.5, 0.5]), np.zeros(2), lr=0.1)\n'
                                               ">>> check_array(_w, [0.95, -2.05], 'plain SGD (no momentum): w - lr * grad')\n"
                                               '>>> _w0 = np.array([1.0, -2.0])\n'
                                               '>>> sgd_step(_w0, np.array([0.5, 0.5]), np.zeros(2), lr=0.1, momentum=0.9, weight_decay=0.1, nesterov=True)\n'
                                               ">>> check_array(_w0, [1.0, -2.0], 'w after sgd_step (it must not be modified)')\n",
                                       'hidden': False,
                                       'locked': False}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}
