OK_FORMAT = True

test = {   'all_or_nothing': True,
    'name': 'q3',
    'points': 1,
    'suites': [   {   'cases': [   {   'code': '>>> from dlcourse.exercises.checks import check_array\n'
                                               '>>> _w, _v = momentum_step(np.array([1.0, 2.0]), np.array([0.5, -1.0]), np.array([1.0, 1.0]), lr=0.1, beta=0.9)\n'
                                               ">>> check_array(_v, [1.4, -0.1], 'velocity after one step (beta=0.9, v=[1, 1], g=[0.5, -1])')\n"
                                               ">>> check_array(_w, [0.86, 2.01], 'w after one step (lr=0.1)')\n",
                                       'hidden': False,
                                       'locked': False}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}
