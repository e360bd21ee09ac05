OK_FORMAT = True

test = {   'all_or_nothing': True,
    'name': 'q2',
    'points': 1,
    'suites': [   {   'cases': [   {   'code': '>>> from dlcourse.exercises.checks import check_true, check_scalar, check_equal\n'
                                               ">>> _g = graph_gradients({'y': ('add', 'm', 'a'), 'm': ('mul', 'a', 'b'), 'a': ('leaf', 2.0), 'b': ('leaf', 3.0), 'z': ('exp', 'b')}, 'y')\n"
                                               ">>> check_true(isinstance(_g, dict), f'graph_gradients should return a dict, got {type(_g).__name__}')\n"
                                               ">>> check_equal(sorted(_g), ['a', 'b', 'm', 'y'], 'the keys for y = a * b + a (the nodes y depends on)')\n"
                                               ">>> check_scalar(_g['a'], 4.0, 'dy/da for y = a * b + a at a = 2, b = 3 (a is used twice)')\n"
                                               ">>> check_scalar(_g['b'], 2.0, 'dy/db for y = a * b + a at a = 2, b = 3')\n"
                                               ">>> _g = graph_gradients({'x': ('leaf', 2.0), 'e': ('leaf', 3.0), 'p': ('pow', 'x', 'e')}, 'p')\n"
                                               ">>> check_scalar(_g['x'], 12.0, 'd(x ** e)/dx at x = 2, e = 3')\n",
                                       'hidden': False,
                                       'locked': False}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}
