OK_FORMAT = True

test = {   'all_or_nothing': True,
    'name': 'q4',
    'points': 1,
    'suites': [   {   'cases': [   {   'code': '>>> from dlcourse.exercises.checks import check_array\n'
                                               '>>> _w, _m, _v = adam_step(np.array([1.0, -1.0]), np.array([0.5, -2.0]), np.zeros(2), np.zeros(2), t=1, lr=0.1)\n'
                                               ">>> check_array(_m, [0.05, -0.2], 'm after the first step')\n"
                                               ">>> check_array(_v, [0.00025, 0.004], 'v after the first step')\n"
                                               ">>> check_array(_w, [0.9, -0.9], 'w after the first step (the first Adam step moves every weight by about lr)', atol=1e-06)\n",
                                       'hidden': False,
                                       'locked': False}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}
