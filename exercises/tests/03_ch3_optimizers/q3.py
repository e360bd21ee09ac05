OK_FORMAT = True

test = {   'all_or_nothing': True,
    'name': 'q3',
    'points': 1,
    'suites': [   {   'cases': [   {   'code': '>>> from dlcourse.exercises.checks import check_array\n'
                                               '>>> _w, _m, _v = adamw_step(np.array([1.0, -1.0]), np.zeros(2), np.zeros(2), np.zeros(2), t=1, lr=0.1, weight_decay=0.5)\n'
                                               ">>> check_array(_w, [0.95, -0.95], 'adamw_step with a zero gradient: only the decay moves w')\n",
                                       'hidden': False,
                                       'locked': False}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}
