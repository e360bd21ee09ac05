OK_FORMAT = True

test = {   'all_or_nothing': True,
    'name': 'q1',
    'points': 1,
    'suites': [   {   'cases': [   {   'code': '>>> from dlcourse.exercises.checks import check_true, check_equal\n'
                                               ">>> _nodes = {'y': ('add', 'm', 'a'), 'm': ('mul', 'a', 'b'), 'a': ('leaf', 2.0), 'b': ('leaf', 3.0), 'z': ('exp', 'b')}\n"
                                               ">>> _order = topological_order(_nodes, 'y')\n"
                                               ">>> check_true(isinstance(_order, list), f'topological_order should return a list, got {type(_order).__name__}')\n"
                                               ">>> check_equal(sorted(_order), ['a', 'b', 'm', 'y'], 'the nodes y = a * b + a depends on (z is not one of them)')\n"
                                               ">>> check_true(_order.index('m') > max(_order.index('a'), _order.index('b')) and _order[-1] == 'y', f'each node after its inputs: got {_order}')\n",
                                       'hidden': False,
                                       'locked': False}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}
